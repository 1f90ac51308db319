package io.rtml.inference.serving;

import io.rtml.common.rest.ApiException;
import io.rtml.contracts.FeatureRef;
import io.rtml.inference.client.FeatureStoreClient;
import io.rtml.inference.client.OnlineFeatures;
import io.rtml.inference.rest.PredictRequest;
import io.rtml.inference.service.LoadedModel;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fills each instance's row from the online feature store: one call for all the entity keys of a request
 * (or a stream micro-batch) that the cache cannot answer, never one call per instance. An unknown key or a
 * stale value is reported on its own instance; only a feature store that cannot be reached fails the call
 * (503: send raw features or retry).
 */
@ApplicationScoped
public class FeatureEnricher {

    private final FeatureStoreClient featureStore;
    private final OnlineFeatureCache cache;
    private final ServingMetrics metrics;

    public FeatureEnricher(@RestClient FeatureStoreClient featureStore, OnlineFeatureCache cache,
                           ServingMetrics metrics) {
        this.featureStore = featureStore;
        this.cache = cache;
        this.metrics = metrics;
    }

    /** One row per instance, in order. */
    public Uni<List<EnrichedRow>> enrich(LoadedModel loaded, List<PredictRequest.Instance> instances) {
        return read(loaded.featureRefs(), instances).map(known -> rows(loaded, instances, known));
    }

    /**
     * Rows for several versions at once (a tenant's bundle), from one feature-store read of the union of their
     * features for the union of the keys: one row per instance of each version's list, in order.
     */
    public Uni<Map<LoadedModel, List<EnrichedRow>>> enrichEach(Map<LoadedModel, List<PredictRequest.Instance>> groups) {
        Set<String> refs = new LinkedHashSet<>();
        List<PredictRequest.Instance> all = new ArrayList<>();
        groups.forEach((loaded, instances) -> {
            refs.addAll(loaded.featureRefs());
            all.addAll(instances);
        });
        return read(List.copyOf(refs), all).map(known -> {
            Map<LoadedModel, List<EnrichedRow>> out = new LinkedHashMap<>();
            groups.forEach((loaded, instances) -> out.put(loaded, rows(loaded, instances, known)));
            return out;
        });
    }

    /** The stored values of {@code refs} for the instances' entity keys, from the cache and one call for the rest. */
    private Uni<Map<String, Map<String, OnlineFeatures.Value>>> read(List<String> refs,
                                                                     List<PredictRequest.Instance> instances) {
        Set<String> keys = new LinkedHashSet<>();
        for (PredictRequest.Instance in : instances) {
            if (in.entityKey() != null) {
                keys.add(in.entityKey());
            }
        }
        if (keys.isEmpty() || refs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<String, Map<String, OnlineFeatures.Value>> known = new HashMap<>();
        List<String> toFetch = cache.lookup(refs, keys, known);
        metrics.cache(keys.size() - toFetch.size(), cache.enabled() ? toFetch.size() : 0);
        if (toFetch.isEmpty()) {
            return Uni.createFrom().item(known);
        }
        return featureStore.onlineFeatures(new OnlineFeatures.Request(refs, toFetch))
                .onFailure().transform(e -> {
                    metrics.featureRead(false);
                    return new ApiException(503, "Feature store unavailable for enrichment (" + e.getMessage()
                            + "); send raw features or retry");
                })
                .map(response -> {
                    metrics.featureRead(true);
                    if (response != null && response.results() != null) {
                        for (OnlineFeatures.EntityResult r : response.results()) {
                            known.put(r.entityKey(), r.features());
                        }
                        cache.store(response.results());
                    }
                    return known;
                });
    }

    private static List<EnrichedRow> rows(LoadedModel loaded, List<PredictRequest.Instance> instances,
                                          Map<String, Map<String, OnlineFeatures.Value>> byKey) {
        List<EnrichedRow> rows = new ArrayList<>(instances.size());
        // Parsed once per call, not once per value of every instance.
        Map<String, String> inputByRef = new HashMap<>();
        for (String ref : loaded.featureRefs()) {
            inputByRef.put(ref, FeatureRef.parse(ref).feature());
        }
        List<String> inputNames = loaded.inputNames();
        for (PredictRequest.Instance in : instances) {
            Map<String, Object> values = new LinkedHashMap<>();
            Set<String> stale = new LinkedHashSet<>();
            boolean unknown = false;
            if (in.entityKey() != null && !loaded.featureRefs().isEmpty()) {
                Map<String, OnlineFeatures.Value> stored = byKey.getOrDefault(in.entityKey(), Map.of());
                boolean anyWritten = false;
                // Only this version's features: a bundle's read also holds other models' values for the key.
                for (String ref : loaded.featureRefs()) {
                    OnlineFeatures.Value v = stored.get(ref);
                    if (v == null) {
                        continue;
                    }
                    String input = inputByRef.get(ref);
                    if ("PRESENT".equals(v.status()) && v.value() != null) {
                        values.put(input, v.value());
                        anyWritten = true;
                    } else if ("OUTSIDE_TTL".equals(v.status())) {
                        stale.add(input);
                        anyWritten = true;
                    }
                }
                unknown = !anyWritten;
            }
            if (in.features() != null) {
                in.features().forEach((name, value) -> {
                    if (value != null) {
                        values.put(name, value);
                        stale.remove(name);
                    }
                });
            }
            List<String> missing = new ArrayList<>();
            for (String input : inputNames) {
                if (values.get(input) == null && !stale.contains(input)) {
                    missing.add(input);
                }
            }
            rows.add(new EnrichedRow(values, missing, List.copyOf(stale), unknown));
        }
        return rows;
    }
}
