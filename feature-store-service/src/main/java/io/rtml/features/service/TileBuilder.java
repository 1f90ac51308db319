package io.rtml.features.service;

import io.rtml.features.repository.FeatureRow;
import io.rtml.features.repository.Tile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a batch of rows adds to a view's aggregation tiles: per (entity, aggregation, bucket), the partial
 * aggregate of the rows' non-null source values. A row that carries a value for an aggregation's source but
 * is dated before {@code oldestAccepted} (now − allowed lateness) is late: it adds to no tile and is reported.
 */
final class TileBuilder {

    /** The tiles to merge, sorted by entity, aggregation and bucket (one lock order), and the late rows' indexes. */
    record Built(List<Tile> tiles, List<Integer> lateRows) {
    }

    private TileBuilder() {
    }

    static Built build(FeatureView view, List<FeatureRow> rows, Instant oldestAccepted) {
        if (view.aggregations().isEmpty()) {
            return new Built(List.of(), List.of());
        }
        Map<String, Partial> partials = new TreeMap<>();
        List<Integer> late = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            FeatureRow row = rows.get(i);
            List<Aggregation> fed = view.aggregations().values().stream()
                    .filter(a -> row.values().get(a.source()) != null).toList();
            if (fed.isEmpty()) {
                continue;
            }
            if (row.eventTime().isBefore(oldestAccepted)) {
                late.add(i);
                continue;
            }
            for (Aggregation a : fed) {
                Instant bucket = a.bucketOf(row.eventTime());
                String id = row.entityKey() + '\u0000' + a.name() + '\u0000' + bucket;
                partials.computeIfAbsent(id, k -> new Partial(a, row.entityKey(), bucket))
                        .add(row.values().get(a.source()), row.eventTime());
            }
        }
        List<Tile> tiles = partials.values().stream().map(Partial::tile)
                .sorted(Comparator.comparing(Tile::entityKey).thenComparing(Tile::aggregation).thenComparing(Tile::bucket))
                .toList();
        return new Built(tiles, late);
    }

    private static final class Partial {
        private final Aggregation aggregation;
        private final String entityKey;
        private final Instant bucket;
        private final Set<String> distinct = new LinkedHashSet<>();
        private long count;
        private Double sum;
        private Double min;
        private Double max;
        private Object last;
        private Instant lastTime;

        private Partial(Aggregation aggregation, String entityKey, Instant bucket) {
            this.aggregation = aggregation;
            this.entityKey = entityKey;
            this.bucket = bucket;
        }

        /** Later rows of a batch win ties on event time, as in the online store. */
        private void add(Object value, Instant eventTime) {
            count++;
            if (aggregation.sourceType().numeric()) {
                double d = ((Number) value).doubleValue();
                sum = sum == null ? d : sum + d;
                min = min == null ? d : Math.min(min, d);
                max = max == null ? d : Math.max(max, d);
            }
            if (lastTime == null || !eventTime.isBefore(lastTime)) {
                last = value;
                lastTime = eventTime;
            }
            if (aggregation.function() == AggregationFunction.DISTINCT_COUNT) {
                distinct.add(Sketches.key(value));
            }
        }

        private Tile tile() {
            byte[] sketch = aggregation.function() == AggregationFunction.DISTINCT_COUNT ? Sketches.of(distinct) : null;
            return new Tile(aggregation.name(), entityKey, bucket, count, sum, min, max, last, lastTime, sketch);
        }
    }
}
