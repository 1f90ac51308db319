package io.rtml.features.service;

import io.rtml.features.repository.Tile;
import io.rtml.features.repository.TileRange;
import io.rtml.features.repository.TileRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads window aggregations at points (entity key, time): online reads pass now for every key, historical
 * reads each entity row's timestamp; both go through this one method, so the same tiles are combined by the
 * same code. One statement per view for all points and aggregations.
 */
@ApplicationScoped
public class AggregationReader {

    private final TileRepository tiles;

    public AggregationReader(TileRepository tiles) {
        this.tiles = tiles;
    }

    /** Aggregated values by {@link #key(int, FeatureRefs.Ref) point index and reference}. */
    Uni<Map<String, Aggregation.Value>> read(FeatureRefs refs, List<String> keys, List<Instant> times) {
        Map<FeatureView, List<Aggregation>> byView = new HashMap<>();
        for (FeatureRefs.Ref ref : refs.refs()) {
            Aggregation a = ref.view().aggregation(ref.feature());
            if (a != null) {
                byView.computeIfAbsent(ref.view(), v -> new ArrayList<>()).add(a);
            }
        }
        if (byView.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Map<String, Aggregation.Value>>> reads = new ArrayList<>();
        byView.forEach((view, aggregations) -> {
            List<TileRange> ranges = new ArrayList<>(keys.size() * aggregations.size());
            for (int p = 0; p < keys.size(); p++) {
                for (Aggregation a : aggregations) {
                    ranges.add(a.range(ranges.size(), keys.get(p), times.get(p)));
                }
            }
            reads.add(tiles.read(view.id(), ranges).map(found -> {
                Map<String, Aggregation.Value> out = new HashMap<>();
                for (TileRange range : ranges) {
                    int point = range.index() / aggregations.size();
                    Aggregation a = aggregations.get(range.index() % aggregations.size());
                    List<Tile> tilesOfRange = found.getOrDefault(range.index(), List.of());
                    out.put(key(point, view, a.name()), a.combine(tilesOfRange));
                }
                return out;
            }));
        });
        return Uni.join().all(reads).andFailFast().map(parts -> {
            Map<String, Aggregation.Value> all = new HashMap<>();
            parts.forEach(all::putAll);
            return all;
        });
    }

    static String key(int point, FeatureRefs.Ref ref) {
        return key(point, ref.view(), ref.feature());
    }

    private static String key(int point, FeatureView view, String aggregation) {
        return point + "|" + view.name() + ":" + aggregation;
    }
}
