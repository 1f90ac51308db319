package io.rtml.features.service;

import io.rtml.features.repository.Tile;
import io.rtml.features.repository.TileSeries;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A window aggregation of a view as the service works with it, and the one rule for what a read at time t
 * combines and how: online (t = now) and historical reads (t = the entity row's timestamp) both call
 * {@link #plan} and {@link #combine}, so training and serving get the same value from the same inputs.
 *
 * <p>A read at t aggregates the events with event time in (t − window, t]. Tiles are kept per bucket: a window
 * up to 1 h in 1-minute buckets, up to 7 d in 1-hour buckets, longer in 1-day buckets (aligned to the epoch,
 * UTC; the window must be a whole number of its buckets). The buckets wholly inside the window come from
 * tiles; the two partial buckets at its ends (the one containing t, and the one containing t − window) from
 * the raw events, cut at the exact bounds. So a read costs a window's worth of tiles plus at most two buckets
 * of events, and never counts an event after t.
 */
public record Aggregation(String name, AggregationFunction function, String source, FeatureType sourceType,
                          Duration window, Duration bucket) {

    public static final Duration MAX_WINDOW = Duration.ofDays(366);
    private static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,5})([mhd])");

    /** A declared aggregation; {@link IllegalArgumentException} says what is wrong with its window. */
    public static Aggregation of(String name, AggregationFunction function, String source, FeatureType sourceType,
                                 String window) {
        Duration w = parseWindow(window);
        return new Aggregation(name, function, source, sourceType, w, bucketFor(w));
    }

    /** {@code 30m}, {@code 1h}, {@code 24h}, {@code 7d}, ...: up to 366 days, a whole number of its buckets. */
    public static Duration parseWindow(String text) {
        Matcher m = text == null ? null : WINDOW.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("window '" + text + "' is not a whole number of minutes, hours or "
                    + "days such as 30m, 24h, 7d");
        }
        long n = Long.parseLong(m.group(1));
        Duration window = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("window '" + text + "' is longer than " + MAX_WINDOW.toDays() + " days");
        }
        Duration bucket = bucketFor(window);
        if (window.toSeconds() % bucket.toSeconds() != 0) {
            throw new IllegalArgumentException("window '" + text + "' is not a whole number of its "
                    + bucket.toMinutes() + "-minute buckets (windows up to 1h use 1-minute buckets, up to 7d "
                    + "1-hour buckets, longer ones 1-day buckets)");
        }
        return window;
    }

    /** The bucket rule: 1 min for windows up to 1 h, 1 h up to 7 d, 1 d beyond. */
    public static Duration bucketFor(Duration window) {
        if (window.compareTo(Duration.ofHours(1)) <= 0) {
            return Duration.ofMinutes(1);
        }
        return window.compareTo(Duration.ofDays(7)) <= 0 ? Duration.ofHours(1) : Duration.ofDays(1);
    }

    /** The tiles this aggregation reads: those of its source at its bucket size, shared with its siblings. */
    public TileSeries series() {
        return new TileSeries(source, bucket);
    }

    public FeatureType type() {
        return function.resultType(sourceType);
    }

    /** The start of the bucket containing {@code t}. */
    public Instant bucketOf(Instant t) {
        long size = bucket.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), size) * size);
    }

    /**
     * What a read at {@code at} needs (times truncated to microseconds, as event times are): the tiles with
     * bucket start in [{@code tilesFrom}, {@code tilesTo}] (none when from is after to), and the raw events
     * with event time in [{@code headFrom}, {@code tilesFrom}) and [{@code tailFrom}, {@code tailTo}).
     */
    public record Plan(Instant tilesFrom, Instant tilesTo, Instant headFrom, Instant tailFrom, Instant tailTo) {
        public boolean hasTiles() {
            return !tilesFrom.isAfter(tilesTo);
        }
    }

    /** The window (at − window, at] split into whole tiles and the raw events of the partial buckets at its ends. */
    public Plan plan(Instant at) {
        Instant t = at.truncatedTo(ChronoUnit.MICROS);
        Instant oldestExcluded = t.minus(window);
        Instant firstWhole = bucketOf(oldestExcluded).plus(bucket);
        Instant current = bucketOf(t);
        return new Plan(firstWhole, current.minus(bucket), oldestExcluded.plus(1, ChronoUnit.MICROS), current,
                t.plus(1, ChronoUnit.MICROS));
    }

    /** The aggregated value of some tiles (null when there is none) and the newest event time among them. */
    public record Value(Object value, Instant newestEvent) {
    }

    /**
     * Combines partial aggregates, one per bucket (stored tiles and ones folded from raw events alike; in any
     * order: they are folded oldest bucket first), into this aggregation's value.
     */
    public Value combine(List<Tile> found) {
        List<Tile> tiles = new ArrayList<>(found);
        tiles.sort(Comparator.comparing(Tile::bucket));
        long count = 0;
        double sum = 0;
        Double min = null;
        Double max = null;
        Tile newest = null;
        List<byte[]> sketches = new ArrayList<>();
        for (Tile t : tiles) {
            count += t.count();
            if (t.sum() != null) {
                sum += t.sum();
            }
            if (t.min() != null) {
                min = min == null ? t.min() : Double.valueOf(Math.min(min, t.min()));
            }
            if (t.max() != null) {
                max = max == null ? t.max() : Double.valueOf(Math.max(max, t.max()));
            }
            if (newest == null || !t.lastTime().isBefore(newest.lastTime())) {
                newest = t;
            }
            if (t.sketch() != null) {
                sketches.add(t.sketch());
            }
        }
        Instant newestEvent = newest == null ? null : newest.lastTime();
        if (count == 0) {
            return new Value(function.zeroWhenEmpty() ? type().fromStored(0L) : null, null);
        }
        Object value = switch (function) {
            case COUNT -> count;
            case SUM -> sum;
            case MEAN -> sum / count;
            case MIN -> sourceType.fromStored(min);
            case MAX -> sourceType.fromStored(max);
            case LAST -> sourceType.fromStored(newest.lastValue());
            case DISTINCT_COUNT -> Sketches.estimate(sketches);
        };
        return new Value(value, newestEvent);
    }
}
