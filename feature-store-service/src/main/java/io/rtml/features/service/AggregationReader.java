package io.rtml.features.service;

import io.rtml.features.repository.AggregationEvent;
import io.rtml.features.repository.AggregationInputs;
import io.rtml.features.repository.EventRange;
import io.rtml.features.repository.Tile;
import io.rtml.features.repository.TileRange;
import io.rtml.features.repository.TileRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads window aggregations at points (entity key, time): online reads pass now for every key, historical
 * reads each entity row's timestamp; both go through this one method, so the same inputs are combined by the
 * same code. Per view, one statement fetches every point's whole tiles and the raw events of its partial
 * buckets ({@link Aggregation#plan}).
 *
 * <p>As of known time ({@code knownOnly}, the historical default): a raw event counts only if it was ingested
 * by the point's time, and a tile whose newest contribution was ingested after it is not used; that bucket is
 * folded from the events known by then instead (a second statement, only when there is such a tile). So a
 * backfill never reaches training rows from before it arrived, and online reads (everything stored) and
 * historical reads at the same instant see the same inputs.
 */
@ApplicationScoped
public class AggregationReader {

    private final TileRepository tiles;

    public AggregationReader(TileRepository tiles) {
        this.tiles = tiles;
    }

    /** Aggregated values by {@link #key(int, FeatureRefs.Ref) point index and reference}. */
    Uni<Map<String, Aggregation.Value>> read(FeatureRefs refs, List<String> keys, List<Instant> times, boolean knownOnly) {
        Map<FeatureView, List<Aggregation>> byView = new HashMap<>();
        for (FeatureRefs.Ref ref : refs.refs()) {
            Aggregation a = ref.view().aggregation(ref.feature());
            if (a != null && !byView.computeIfAbsent(ref.view(), v -> new ArrayList<>()).contains(a)) {
                byView.get(ref.view()).add(a);
            }
        }
        if (byView.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Map<String, Aggregation.Value>>> reads = new ArrayList<>();
        byView.forEach((view, aggregations) -> reads.add(readView(view, aggregations, keys, times, knownOnly)));
        return Uni.join().all(reads).andFailFast().map(parts -> {
            Map<String, Aggregation.Value> all = new HashMap<>();
            parts.forEach(all::putAll);
            return all;
        });
    }

    private Uni<Map<String, Aggregation.Value>> readView(FeatureView view, List<Aggregation> aggregations,
                                                        List<String> keys, List<Instant> times, boolean knownOnly) {
        int n = aggregations.size();
        List<TileRange> tileRanges = new ArrayList<>(keys.size() * n);
        List<EventRange> eventRanges = new ArrayList<>(keys.size() * n * 2);
        for (int p = 0; p < keys.size(); p++) {
            Instant t = times.get(p).truncatedTo(ChronoUnit.MICROS);
            Instant knownAt = knownOnly ? t : null;
            for (int i = 0; i < n; i++) {
                Aggregation a = aggregations.get(i);
                int index = p * n + i;
                Aggregation.Plan plan = a.plan(t);
                if (plan.hasTiles()) {
                    tileRanges.add(new TileRange(index, keys.get(p), a.name(), plan.tilesFrom(), plan.tilesTo()));
                    eventRanges.add(new EventRange(index, keys.get(p), a.source(), plan.headFrom(), plan.tilesFrom(), knownAt));
                    eventRanges.add(new EventRange(index, keys.get(p), a.source(), plan.tailFrom(), plan.tailTo(), knownAt));
                } else {
                    eventRanges.add(new EventRange(index, keys.get(p), a.source(), plan.headFrom(), plan.tailTo(), knownAt));
                }
            }
        }
        return tiles.read(view.id(), tileRanges, eventRanges).chain(found -> {
            Map<Integer, List<Tile>> usable = new HashMap<>();
            List<EventRange> refold = new ArrayList<>();
            found.tiles().forEach((index, list) -> {
                Instant t = times.get(index / n).truncatedTo(ChronoUnit.MICROS);
                Aggregation a = aggregations.get(index % n);
                for (Tile tile : list) {
                    if (knownOnly && tile.ingestedAt().isAfter(t)) {
                        refold.add(new EventRange(index, keys.get(index / n), a.source(), tile.bucket(),
                                tile.bucket().plus(a.bucket()), t));
                    } else {
                        usable.computeIfAbsent(index, i -> new ArrayList<>()).add(tile);
                    }
                }
            });
            Uni<Map<Integer, List<AggregationEvent>>> events = refold.isEmpty() ? Uni.createFrom().item(found.events())
                    : tiles.read(view.id(), List.of(), refold).map(more -> merged(found.events(), more.events()));
            return events.map(raw -> {
                Map<String, Aggregation.Value> out = new HashMap<>();
                for (int p = 0; p < keys.size(); p++) {
                    for (int i = 0; i < n; i++) {
                        int index = p * n + i;
                        Aggregation a = aggregations.get(i);
                        List<Tile> parts = new ArrayList<>(usable.getOrDefault(index, List.of()));
                        parts.addAll(TileBuilder.fold(a, raw.getOrDefault(index, List.of())));
                        out.put(key(p, view, a.name()), a.combine(parts));
                    }
                }
                return out;
            });
        });
    }

    /** The events of both reads per range, in write order. */
    private static Map<Integer, List<AggregationEvent>> merged(Map<Integer, List<AggregationEvent>> a,
                                                              Map<Integer, List<AggregationEvent>> b) {
        Map<Integer, List<AggregationEvent>> out = new HashMap<>();
        a.forEach((i, list) -> out.computeIfAbsent(i, k -> new ArrayList<>()).addAll(list));
        b.forEach((i, list) -> out.computeIfAbsent(i, k -> new ArrayList<>()).addAll(list));
        out.values().forEach(list -> list.sort(Comparator.comparingLong(AggregationEvent::id)));
        return out;
    }

    static String key(int point, FeatureRefs.Ref ref) {
        return key(point, ref.view(), ref.feature());
    }

    private static String key(int point, FeatureView view, String aggregation) {
        return point + "|" + view.name() + ":" + aggregation;
    }
}
