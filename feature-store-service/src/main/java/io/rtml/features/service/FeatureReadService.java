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
import java.util.Collections;
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
    private final AggregationReader aggregations;
    private final FeatureMetrics metrics;
    private final FeatureStoreConfig config;

    public FeatureReadService(FeatureViewCatalog catalog, FeatureRowRepository rows, AggregationReader aggregations,
                              FeatureMetrics metrics, FeatureStoreConfig config) {
        this.catalog = catalog;
        this.rows = rows;
        this.aggregations = aggregations;
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
            Instant now = Instant.now();
            List<FeatureView> views = refs.refs().stream().filter(r -> !r.aggregated()).map(FeatureRefs.Ref::view)
                    .distinct().toList();
            List<Uni<Map<String, OnlineEntity>>> reads = views.stream().map(v -> rows.latest(v.id(), distinct)).toList();
            Uni<List<Map<String, OnlineEntity>>> latest = reads.isEmpty() ? Uni.createFrom().item(List.of())
                    : Uni.join().all(reads).andFailFast();
            // Every key is a point at now, over everything stored: the same reader as historical reads, so both
            // combine the same tiles and events.
            Uni<Map<String, Aggregation.Value>> aggregated = aggregations.read(refs, distinct,
                    Collections.nCopies(distinct.size(), now), false);
            return Uni.combine().all().unis(latest, aggregated).asTuple().map(found -> {
                Map<FeatureView, Map<String, OnlineEntity>> byView = new HashMap<>();
                for (int i = 0; i < views.size(); i++) {
                    byView.put(views.get(i), found.getItem1().get(i));
                }
                return onlineResponse(keys, distinct, refs, byView, found.getItem2(), now);
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
            List<FeatureView> views = refs.refs().stream().filter(r -> !r.aggregated()).map(FeatureRefs.Ref::view)
                    .distinct().toList();
            List<Uni<List<PointInTimeValue>>> reads = views.stream()
                    .map(v -> rows.asOf(v.id(), keys, timestamps, storedSources(v, refs.byView().get(v)), asOf == AsOf.KNOWN))
                    .toList();
            Uni<List<List<PointInTimeValue>>> pointInTime = reads.isEmpty() ? Uni.createFrom().item(List.of())
                    : Uni.join().all(reads).andFailFast();
            // Window aggregations: the window ending at each row's timestamp, combined as for online reads.
            Uni<Map<String, Aggregation.Value>> aggregated = aggregations.read(refs, keys, timestamps, asOf == AsOf.KNOWN);
            return Uni.combine().all().unis(pointInTime, aggregated).asTuple().map(both -> {
                List<List<PointInTimeValue>> found = both.getItem1();
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
                        if (ref.aggregated()) {
                            features.put(ref.name(), aggregated(both.getItem2().get(AggregationReader.key(i, ref)),
                                    timestamps.get(i)));
                            continue;
                        }
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

    private OnlineFeaturesResponse onlineResponse(List<String> keys, List<String> distinct, FeatureRefs refs,
                                                  Map<FeatureView, Map<String, OnlineEntity>> byView,
                                                  Map<String, Aggregation.Value> aggregated, Instant now) {
        Map<FeatureStatus, Long> counts = new EnumMap<>(FeatureStatus.class);
        Map<String, Integer> points = new HashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            points.put(distinct.get(i), i);
        }
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
                FeatureValue value;
                if (ref.aggregated()) {
                    value = aggregated(aggregated.get(AggregationReader.key(points.get(key), ref)), now);
                } else {
                    OnlineEntity entity = rowsOfRef.get(r).get(key);
                    OnlineCell cell = entity == null ? null : entity.cell(ref.storedSource());
                    value = cell == null ? FeatureValue.NOT_FOUND : value(ref, cell.value(), cell.eventTime(), now);
                }
                counts.merge(value.status(), 1L, Long::sum);
                features.put(ref.name(), value);
            }
            results.add(new EntityFeatures(key, features));
        }
        counts.forEach(metrics::onlineReads);
        return new OnlineFeaturesResponse(results);
    }

    /** The stored features a read of {@code features} needs: on-demand ones replaced by their sources, aggregations left out. */
    private static List<String> storedSources(FeatureView view, List<String> features) {
        return features.stream().filter(f -> view.aggregation(f) == null).map(view::storedSource).distinct().toList();
    }

    /**
     * An aggregated value as served at {@code asOf}: PRESENT with the newest event in the window as its event
     * time (no event: a count or sum of 0 without event time and age); NOT_FOUND when a mean, min, max or last
     * has no event in the window. The view's TTL does not apply: the window is the aggregation's own horizon.
     */
    private static FeatureValue aggregated(Aggregation.Value v, Instant asOf) {
        if (v.value() == null) {
            return FeatureValue.NOT_FOUND;
        }
        Double age = v.newestEvent() == null ? null : FeatureAges.seconds(v.newestEvent(), asOf);
        return new FeatureValue(v.value(), FeatureStatus.PRESENT, v.newestEvent(), age);
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
