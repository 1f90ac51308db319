package io.rtml.features.service;

import io.rtml.features.repository.AggregationEvent;
import io.rtml.features.repository.FeatureRow;
import io.rtml.features.repository.Tile;
import io.rtml.features.repository.TileSeries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one fold of raw events into per-bucket partial aggregates, used where tiles are written (a batch's new
 * events, a rebuild) and where a read needs part of a window from raw events (the partial buckets at its ends,
 * tiles changed after a historical read's timestamp). So a bucket folded at read time and a stored tile of the
 * same events hold the same partial aggregate.
 */
final class TileBuilder {

    private TileBuilder() {
    }

    /** The events a batch writes to the log: each non-null value of a feature that some aggregation reads. */
    static List<AggregationEvent> events(FeatureView view, List<FeatureRow> rows) {
        if (view.aggregations().isEmpty()) {
            return List.of();
        }
        Set<String> sources = new LinkedHashSet<>();
        view.aggregations().values().forEach(a -> sources.add(a.source()));
        List<AggregationEvent> out = new ArrayList<>();
        for (FeatureRow row : rows) {
            for (String source : sources) {
                Object value = row.values().get(source);
                if (value != null) {
                    out.add(new AggregationEvent(0, row.entityKey(), source, row.eventTime(), value, null));
                }
            }
        }
        return out;
    }

    /**
     * The tiles that stored events add to a view's tile series, per (entity, series, bucket), sorted by entity,
     * source, bucket size and bucket (the lock order of the tile upsert). Events in write order.
     */
    static List<Tile> tiles(FeatureView view, List<AggregationEvent> events) {
        Map<TileSeries, Aggregation> series = seriesOf(view);
        Map<String, Partial> partials = new TreeMap<>();
        for (AggregationEvent e : events) {
            series.forEach((s, a) -> {
                if (s.feature().equals(e.feature())) {
                    Instant bucket = a.bucketOf(e.eventTime());
                    String id = e.entityKey() + '\u0000' + s.feature() + '\u0000' + s.bucketSeconds() + '\u0000' + bucket;
                    partials.computeIfAbsent(id, k -> new Partial(a, sketched(view, s), e.entityKey(), bucket)).add(e);
                }
            });
        }
        return partials.values().stream().map(Partial::tile)
                .sorted(Comparator.comparing(Tile::entityKey).thenComparing(t -> t.series().feature())
                        .thenComparing(t -> t.series().bucketSeconds()).thenComparing(Tile::bucket))
                .toList();
    }

    /** A view's tile series, each with one of the aggregations that read it (for its bucket rule and source type). */
    static Map<TileSeries, Aggregation> seriesOf(FeatureView view) {
        Map<TileSeries, Aggregation> series = new LinkedHashMap<>();
        view.aggregations().values().forEach(a -> series.putIfAbsent(a.series(), a));
        return series;
    }

    /** A series keeps sketches when a {@code distinct_count} aggregation reads it. */
    static boolean sketched(FeatureView view, TileSeries series) {
        return view.aggregations().values().stream()
                .anyMatch(a -> a.function() == AggregationFunction.DISTINCT_COUNT && a.series().equals(series));
    }

    /** The partial aggregates of one aggregation's events (of one entity, in write order), one per bucket. */
    static List<Tile> fold(Aggregation aggregation, List<AggregationEvent> events) {
        Map<Instant, Partial> partials = new LinkedHashMap<>();
        boolean sketch = aggregation.function() == AggregationFunction.DISTINCT_COUNT;
        for (AggregationEvent e : events) {
            Instant bucket = aggregation.bucketOf(e.eventTime());
            partials.computeIfAbsent(bucket, b -> new Partial(aggregation, sketch, e.entityKey(), b)).add(e);
        }
        return partials.values().stream().map(Partial::tile).toList();
    }

    private static final class Partial {
        private final Aggregation aggregation;
        private final boolean sketch;
        private final String entityKey;
        private final Instant bucket;
        private final Set<String> distinct = new LinkedHashSet<>();
        private long count;
        private Double sum;
        private Double min;
        private Double max;
        private Object last;
        private Instant lastTime;
        private Instant ingestedAt;

        /** {@code aggregation} gives the series, bucket rule and source type; {@code sketch} whether to keep one. */
        private Partial(Aggregation aggregation, boolean sketch, String entityKey, Instant bucket) {
            this.aggregation = aggregation;
            this.sketch = sketch;
            this.entityKey = entityKey;
            this.bucket = bucket;
        }

        /** Later events (in write order) win ties on event time, as in the online store. */
        private void add(AggregationEvent e) {
            Object value = aggregation.sourceType().fromStored(e.value());
            count++;
            if (aggregation.sourceType().numeric()) {
                double d = ((Number) value).doubleValue();
                sum = sum == null ? d : sum + d;
                min = min == null ? d : Math.min(min, d);
                max = max == null ? d : Math.max(max, d);
            }
            if (lastTime == null || !e.eventTime().isBefore(lastTime)) {
                last = value;
                lastTime = e.eventTime();
            }
            if (sketch) {
                distinct.add(Sketches.key(value));
            }
            if (e.ingestedAt() != null && (ingestedAt == null || e.ingestedAt().isAfter(ingestedAt))) {
                ingestedAt = e.ingestedAt();
            }
        }

        private Tile tile() {
            return new Tile(aggregation.series(), entityKey, bucket, count, sum, min, max, last, lastTime,
                    sketch ? Sketches.of(distinct) : null, ingestedAt);
        }
    }
}
