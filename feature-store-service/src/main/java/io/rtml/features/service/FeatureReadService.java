package io.rtml.features.service;

import io.rtml.common.rest.ApiException;
import io.rtml.features.config.FeatureStoreConfig;
import io.rtml.features.repository.FeatureRowRepository;
import io.rtml.features.repository.OnlineCell;
import io.rtml.features.repository.OnlineEntity;
import io.rtml.features.repository.PointInTimeValue;
import io.rtml.features.rest.EntityFeatures;
import io.rtml.features.rest.EntityRow;
import io.rtml.features.rest.FeatureStatus;
import io.rtml.features.rest.FeatureValue;
import io.rtml.features.rest.HistoricalFeaturesRequest;
import io.rtml.features.rest.HistoricalFeaturesResponse;
import io.rtml.features.rest.HistoricalRow;
import io.rtml.features.rest.OnlineFeaturesRequest;
import io.rtml.features.rest.OnlineFeaturesResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads: online (the latest value of each feature per entity key, one query per view for all keys) and
 * historical (point in time: per entity row, the newest value at or before its timestamp, never a later one,
 * and by default only one that had been ingested by then, see {@link AsOf}).
 */
@ApplicationScoped
public class FeatureReadService {

    private final FeatureViewCatalog catalog;
    private final FeatureRowRepository rows;
    private final FeatureMetrics metrics;
    private final FeatureStoreConfig config;

    public FeatureReadService(FeatureViewCatalog catalog, FeatureRowRepository rows, FeatureMetrics metrics,
                              FeatureStoreConfig config) {
        this.catalog = catalog;
        this.rows = rows;
        this.metrics = metrics;
        this.config = config;
    }

    public Uni<OnlineFeaturesResponse> online(OnlineFeaturesRequest request) {
        List<String> keys = request == null ? null : request.entityKeys();
        if (keys == null || keys.isEmpty()) {
            throw ApiException.badRequest("entityKeys must list at least one entity key");
        }
        if (keys.size() > config.online().maxEntityKeys()) {
            throw ApiException.badRequest("At most " + config.online().maxEntityKeys() + " entity keys per request; got "
                    + keys.size());
        }
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i) == null || keys.get(i).isBlank()) {
                throw ApiException.badRequest("entityKeys[" + i + "] is blank");
            }
        }
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        return FeatureRefs.resolve(request.features(), catalog).chain(refs -> {
            List<FeatureView> views = List.copyOf(refs.byView().keySet());
            List<Uni<Map<String, OnlineEntity>>> reads = views.stream().map(v -> rows.latest(v.id(), distinct)).toList();
            return Uni.join().all(reads).andFailFast().map(found -> {
                Map<FeatureView, Map<String, OnlineEntity>> byView = new HashMap<>();
                for (int i = 0; i < views.size(); i++) {
                    byView.put(views.get(i), found.get(i));
                }
                return onlineResponse(keys, refs, byView, Instant.now());
            });
        });
    }

    public Uni<HistoricalFeaturesResponse> historical(HistoricalFeaturesRequest request) {
        List<EntityRow> entityRows = request == null ? null : request.entityRows();
        if (entityRows == null || entityRows.isEmpty()) {
            throw ApiException.badRequest("entityRows must list at least one {entityKey, timestamp}");
        }
        if (entityRows.size() > config.historical().maxEntityRows()) {
            throw ApiException.badRequest("At most " + config.historical().maxEntityRows()
                    + " entity rows per request; got " + entityRows.size());
        }
        AsOf asOf = AsOf.parse(request.asOf());
        List<String> keys = new ArrayList<>(entityRows.size());
        List<Instant> timestamps = new ArrayList<>(entityRows.size());
        for (int i = 0; i < entityRows.size(); i++) {
            EntityRow row = entityRows.get(i);
            if (row == null || row.entityKey() == null || row.entityKey().isBlank()) {
                throw ApiException.badRequest("entityRows[" + i + "].entityKey is missing");
            }
            if (row.timestamp() == null) {
                throw ApiException.badRequest("entityRows[" + i + "].timestamp is missing");
            }
            keys.add(row.entityKey());
            timestamps.add(row.timestamp());
        }
        return FeatureRefs.resolve(request.features(), catalog).chain(refs -> {
            List<FeatureView> views = List.copyOf(refs.byView().keySet());
            List<Uni<List<PointInTimeValue>>> reads = views.stream()
                    .map(v -> rows.asOf(v.id(), keys, timestamps, storedSources(v, refs.byView().get(v)), asOf == AsOf.KNOWN))
                    .toList();
            return Uni.join().all(reads).andFailFast().map(found -> {
                Map<String, PointInTimeValue> byRowAndRef = new HashMap<>();
                for (int i = 0; i < views.size(); i++) {
                    String view = views.get(i).name();
                    for (PointInTimeValue v : found.get(i)) {
                        byRowAndRef.put(v.rowIndex() + "|" + view + ":" + v.feature(), v);
                    }
                }
                List<HistoricalRow> results = new ArrayList<>(entityRows.size());
                for (int i = 0; i < entityRows.size(); i++) {
                    Map<String, FeatureValue> features = new LinkedHashMap<>();
                    for (FeatureRefs.Ref ref : refs.refs()) {
                        PointInTimeValue v = byRowAndRef.get(i + "|" + ref.view().name() + ":" + ref.storedSource());
                        features.put(ref.name(), v == null ? FeatureValue.NOT_FOUND
                                : value(ref, v.value(), v.eventTime(), timestamps.get(i)));
                    }
                    results.add(new HistoricalRow(keys.get(i), timestamps.get(i), features));
                }
                return new HistoricalFeaturesResponse(asOf.wireName(), results);
            });
        });
    }

    private OnlineFeaturesResponse onlineResponse(List<String> keys, FeatureRefs refs,
                                                  Map<FeatureView, Map<String, OnlineEntity>> byView, Instant now) {
        Map<FeatureStatus, Long> counts = new EnumMap<>(FeatureStatus.class);
        List<EntityFeatures> results = new ArrayList<>(keys.size());
        // Each reference's rows looked up once, not once per key: FeatureView is a record hashed over all its
        // fields, which the profile showed costing more than the lookups were worth on 100-key reads.
        List<FeatureRefs.Ref> refList = refs.refs();
        List<Map<String, OnlineEntity>> rowsOfRef = new ArrayList<>(refList.size());
        for (FeatureRefs.Ref ref : refList) {
            rowsOfRef.add(byView.get(ref.view()));
        }
        for (String key : keys) {
            Map<String, FeatureValue> features = new LinkedHashMap<>();
            for (int r = 0; r < refList.size(); r++) {
                FeatureRefs.Ref ref = refList.get(r);
                OnlineEntity entity = rowsOfRef.get(r).get(key);
                OnlineCell cell = entity == null ? null : entity.cell(ref.storedSource());
                FeatureValue value = cell == null ? FeatureValue.NOT_FOUND
                        : value(ref, cell.value(), cell.eventTime(), now);
                counts.merge(value.status(), 1L, Long::sum);
                features.put(ref.name(), value);
            }
            results.add(new EntityFeatures(key, features));
        }
        counts.forEach(metrics::onlineReads);
        return new OnlineFeaturesResponse(results);
    }

    /** The stored features a read of {@code features} needs: on-demand ones replaced by their sources. */
    private static List<String> storedSources(FeatureView view, List<String> features) {
        return features.stream().map(view::storedSource).distinct().toList();
    }

    /**
     * A stored value as served at {@code asOf}: in its declared type, or withheld when older than the TTL.
     * An on-demand feature is computed from its source's event time and {@code asOf} (the TTL is the
     * source's business: "hours since the last open" stays meaningful however long ago that was).
     */
    private static FeatureValue value(FeatureRefs.Ref ref, Object stored, Instant eventTime, Instant asOf) {
        double age = FeatureAges.seconds(eventTime, asOf);
        OnDemandFeature onDemand = ref.view().onDemand(ref.feature());
        if (onDemand != null) {
            return new FeatureValue(onDemand.compute(eventTime, asOf), FeatureStatus.PRESENT, eventTime, age);
        }
        if (ref.view().expired(eventTime, asOf)) {
            return new FeatureValue(null, FeatureStatus.OUTSIDE_TTL, eventTime, age);
        }
        return new FeatureValue(ref.view().type(ref.feature()).fromStored(stored), FeatureStatus.PRESENT, eventTime, age);
    }
}
