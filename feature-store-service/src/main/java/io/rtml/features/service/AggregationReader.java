package io.rtml.features.service;

import io.rtml.features.repository.AggregationEvent;
import io.rtml.features.repository.AggregationInputs;
import io.rtml.features.repository.EventRange;
import io.rtml.features.repository.Tile;
import io.rtml.features.repository.TileRange;
import io.rtml.features.repository.TileSeries;
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
        Layout layout = new Layout(aggregations);
        int n = aggregations.size();
        List<Aggregation.Plan[]> plans = new ArrayList<>(keys.size());
        List<TileRange> tileRanges = new ArrayList<>(keys.size() * layout.series.size());
        List<EventRange> eventRanges = new ArrayList<>(keys.size() * (layout.sources.size() + layout.heads.size()));
        for (int p = 0; p < keys.size(); p++) {
            Instant t = times.get(p).truncatedTo(ChronoUnit.MICROS);
            Instant knownAt = knownOnly ? t : null;
            String key = keys.get(p);
            Aggregation.Plan[] plan = new Aggregation.Plan[n];
            Instant[] tilesFrom = new Instant[layout.series.size()];
            Instant[] tilesTo = new Instant[layout.series.size()];
            Instant[] tailFrom = new Instant[layout.sources.size()];
            Instant tailTo = null;
            for (int i = 0; i < n; i++) {
                plan[i] = aggregations.get(i).plan(t);
                int s = layout.seriesOf[i];
                if (plan[i].hasTiles()) {
                    tilesFrom[s] = earliest(tilesFrom[s], plan[i].tilesFrom());
                    tilesTo[s] = plan[i].tilesTo();
                }
                int f = layout.sourceOf[i];
                tailFrom[f] = earliest(tailFrom[f], plan[i].tailFrom());
                tailTo = plan[i].tailTo();
            }
            plans.add(plan);
            for (int s = 0; s < layout.series.size(); s++) {
                if (tilesFrom[s] != null) {
                    tileRanges.add(new TileRange(layout.tileIndex(p, s), key, layout.series.get(s), tilesFrom[s],
                            tilesTo[s], layout.withLastValue[s], layout.withSketch[s]));
                }
            }
            for (int f = 0; f < layout.sources.size(); f++) {
                eventRanges.add(new EventRange(layout.tailIndex(p, f), key, layout.sources.get(f), tailFrom[f], tailTo, knownAt));
            }
            for (int h = 0; h < layout.heads.size(); h++) {
                Aggregation.Plan head = plan[layout.heads.get(h)];
                if (head.headFrom().isBefore(head.tilesFrom())) {
                    eventRanges.add(new EventRange(layout.headIndex(p, h), key, aggregations.get(layout.heads.get(h)).source(),
                            head.headFrom(), head.tilesFrom(), knownAt));
                }
            }
        }
        return tiles.read(view.id(), tileRanges, eventRanges).chain(found -> {
            // As of known time, a tile changed after the point's time is folded again from the events known then.
            Map<Integer, List<Tile>> usable = new HashMap<>();
            List<EventRange> refold = new ArrayList<>();
            List<Tile> refolded = new ArrayList<>();
            Map<Integer, List<Integer>> refoldsByTileRange = new HashMap<>();
            found.tiles().forEach((index, list) -> {
                int p = index / layout.stride;
                Instant t = times.get(p).truncatedTo(ChronoUnit.MICROS);
                for (Tile tile : list) {
                    if (knownOnly && tile.ingestedAt().isAfter(t)) {
                        TileSeries series = layout.series.get(index % layout.stride);
                        refold.add(new EventRange(refold.size(), keys.get(p), series.feature(), tile.bucket(),
                                tile.bucket().plus(series.bucket()), t));
                        refoldsByTileRange.computeIfAbsent(index, i -> new ArrayList<>()).add(refolded.size());
                        refolded.add(tile);
                    } else {
                        usable.computeIfAbsent(index, i -> new ArrayList<>()).add(tile);
                    }
                }
            });
            Uni<Map<Integer, List<AggregationEvent>>> again = refold.isEmpty() ? Uni.createFrom().item(Map.of())
                    : tiles.read(view.id(), List.of(), refold).map(AggregationInputs::events);
            return again.map(refoldedEvents -> {
                Map<String, Aggregation.Value> out = new HashMap<>();
                for (int p = 0; p < keys.size(); p++) {
                    for (int i = 0; i < n; i++) {
                        Aggregation a = aggregations.get(i);
                        Aggregation.Plan plan = plans.get(p)[i];
                        int tileIndex = layout.tileIndex(p, layout.seriesOf[i]);
                        List<Tile> parts = new ArrayList<>();
                        List<AggregationEvent> raw = new ArrayList<>(found.events()
                                .getOrDefault(layout.headIndex(p, layout.headOf[i]), List.of()));
                        for (AggregationEvent e : found.events().getOrDefault(layout.tailIndex(p, layout.sourceOf[i]), List.of())) {
                            if (!e.eventTime().isBefore(plan.tailFrom())) {
                                raw.add(e);
                            }
                        }
                        if (plan.hasTiles()) {
                            for (Tile tile : usable.getOrDefault(tileIndex, List.of())) {
                                if (inTiles(plan, tile)) {
                                    parts.add(tile);
                                }
                            }
                            for (int r : refoldsByTileRange.getOrDefault(tileIndex, List.of())) {
                                if (inTiles(plan, refolded.get(r))) {
                                    raw.addAll(refoldedEvents.getOrDefault(r, List.of()));
                                }
                            }
                        }
                        raw.sort(Comparator.comparingLong(AggregationEvent::id));
                        parts.addAll(TileBuilder.fold(a, raw));
                        out.put(key(p, view, a.name()), a.combine(parts));
                    }
                }
                return out;
            });
        });
    }

    private static boolean inTiles(Aggregation.Plan plan, Tile tile) {
        return !tile.bucket().isBefore(plan.tilesFrom()) && !tile.bucket().isAfter(plan.tilesTo());
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /**
     * Which ranges a view's read asks for per point, and where each aggregation finds its inputs among them: one
     * tile range per tile series (source, bucket size), spanning the longest window on it; one range of recent
     * events per source, from the start of its largest current bucket (each aggregation keeps the events of its
     * own current bucket; the others are in its tiles); one range of the oldest partial bucket per distinct
     * (source, window). Range indexes: point × {@link #stride} + the range's place in that order.
     */
    private static final class Layout {
        final List<TileSeries> series = new ArrayList<>();
        final List<String> sources = new ArrayList<>();
        /** Per distinct (source, window): the first aggregation with it. */
        final List<Integer> heads = new ArrayList<>();
        final int[] seriesOf;
        final int[] sourceOf;
        final int[] headOf;
        final boolean[] withLastValue;
        final boolean[] withSketch;
        final int stride;

        Layout(List<Aggregation> aggregations) {
            int n = aggregations.size();
            seriesOf = new int[n];
            sourceOf = new int[n];
            headOf = new int[n];
            List<String> headKeys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Aggregation a = aggregations.get(i);
                seriesOf[i] = indexOf(series, a.series());
                sourceOf[i] = indexOf(sources, a.source());
                String head = a.source() + '\u0000' + a.window();
                if (!headKeys.contains(head)) {
                    heads.add(i);
                }
                headOf[i] = indexOf(headKeys, head);
            }
            withLastValue = new boolean[series.size()];
            withSketch = new boolean[series.size()];
            for (int i = 0; i < n; i++) {
                withLastValue[seriesOf[i]] |= aggregations.get(i).function() == AggregationFunction.LAST;
                withSketch[seriesOf[i]] |= aggregations.get(i).function() == AggregationFunction.DISTINCT_COUNT;
            }
            stride = series.size() + sources.size() + heads.size();
        }

        int tileIndex(int point, int s) {
            return point * stride + s;
        }

        int tailIndex(int point, int f) {
            return point * stride + series.size() + f;
        }

        int headIndex(int point, int h) {
            return point * stride + series.size() + sources.size() + h;
        }

        private static <T> int indexOf(List<T> list, T item) {
            int at = list.indexOf(item);
            if (at < 0) {
                list.add(item);
                return list.size() - 1;
            }
            return at;
        }
    }

    static String key(int point, FeatureRefs.Ref ref) {
        return key(point, ref.view(), ref.feature());
    }

    private static String key(int point, FeatureView view, String aggregation) {
        return point + "|" + view.name() + ":" + aggregation;
    }
}
