package io.rtml.features.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feature view as the service works with it: ids resolved, feature types parsed. Immutable. {@code features}
 * are the declared (stored and on-demand) features; {@code aggregations} the window aggregations, read like
 * features of the view but kept in tiles.
 */
public record FeatureView(
        long id,
        String name,
        String entity,
        Long ttlSeconds,
        Long retentionSeconds,
        String description,
        Map<String, FeatureType> features,
        Map<String, OnDemandFeature> onDemand,
        Map<String, Aggregation> aggregations,
        Instant createdAt) {

    public FeatureView {
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
        onDemand = Map.copyOf(onDemand);
        aggregations = Collections.unmodifiableMap(new LinkedHashMap<>(aggregations));
    }

    /** The window aggregation of this name, or null when {@code feature} is not one. */
    public Aggregation aggregation(String feature) {
        return aggregations.get(feature);
    }

    /** The on-demand definition of a feature, or null when the feature is stored. */
    public OnDemandFeature onDemand(String feature) {
        return onDemand.get(feature);
    }

    /** Features that rows write and the stores keep (all but the on-demand ones), in declaration order. */
    public List<String> storedFeatureNames() {
        return features.keySet().stream().filter(f -> !onDemand.containsKey(f)).toList();
    }

    /** The stored feature a read of {@code feature} needs: itself, or the source of an on-demand feature. */
    public String storedSource(String feature) {
        OnDemandFeature d = onDemand.get(feature);
        return d == null ? feature : d.source();
    }

    /** The type of a declared feature or aggregation, null when the view has neither by that name. */
    public FeatureType type(String feature) {
        FeatureType type = features.get(feature);
        if (type == null && aggregations.containsKey(feature)) {
            return aggregations.get(feature).type();
        }
        return type;
    }

    /** Declared features, then aggregations. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(features.keySet());
        names.addAll(aggregations.keySet());
        return List.copyOf(names);
    }

    /** True when a value with this event time is too old to serve at {@code asOf}. */
    public boolean expired(Instant eventTime, Instant asOf) {
        return ttlSeconds != null && Duration.between(eventTime, asOf).compareTo(Duration.ofSeconds(ttlSeconds)) > 0;
    }
}
