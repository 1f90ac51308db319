package io.rtml.monitor.service;

import io.rtml.contracts.event.PredictionEvent;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inferences served in the last minute, hour and day per model and version, counted from the predictions the
 * monitor consumes (the catalogue sorts by them), with the route that served each version and its recent
 * latency. In memory, apart from the window store on purpose: these are cheap rolling counters read on every
 * catalogue request, while the windows are durable profiles read per report. After a restart they count from
 * the records Kafka hands out again onward.
 *
 * <p>Two rings per version: 60 one-second slots (the last minute) and 1,440 one-minute slots (hour and day, so
 * those two are exact to within the current minute). A prediction is counted at its own time when that lies
 * within the last day and not ahead of the monitor's clock, else at arrival.
 */
@ApplicationScoped
public class InferenceCounts {

    /** Recent latencies kept per version for p50/p99 (the newest ones; older ones are overwritten). */
    static final int LATENCY_SAMPLES = 1024;

    /** Inferences served in the last minute, hour and day. */
    public record Counts(long lastMinute, long lastHour, long lastDay) {
        static final Counts NONE = new Counts(0, 0, 0);

        Counts plus(Counts o) {
            return new Counts(lastMinute + o.lastMinute, lastHour + o.lastHour, lastDay + o.lastDay);
        }
    }

    /** A version's traffic: counts, the route it last served as, latency quantiles of its recent answers (ms). */
    public record VersionTraffic(int version, String route, Counts counts, Double latencyP50Ms, Double latencyP99Ms,
                                 int latencySamples, Instant lastSeen) {
    }

    private final Map<String, Map<Integer, VersionCounter>> models = new ConcurrentHashMap<>();

    /** Counts one answer (called for every prediction the monitor accepts). */
    public void record(PredictionEvent e, Instant now) {
        // Dated ahead of this clock (within the skew the ingest allows) it would land in a slot the ring still
        // holds for an older time: counted at arrival instead, like one dated beyond the day the rings reach back.
        Instant at = e.time() == null || e.time().isAfter(now) || e.time().isBefore(now.minus(Duration.ofDays(1)))
                ? now : e.time();
        models.computeIfAbsent(e.model(), m -> new ConcurrentHashMap<>())
                .computeIfAbsent(e.version(), v -> new VersionCounter())
                .add(at.toEpochMilli(), e.route() == null ? null : e.route().name().toLowerCase(java.util.Locale.ROOT),
                        e.latencyMs(), now);
    }

    /** All versions of the model together; zeros for a model never seen. */
    public Counts model(String model, Instant now) {
        Map<Integer, VersionCounter> versions = models.getOrDefault(model, Map.of());
        Counts total = Counts.NONE;
        for (VersionCounter c : versions.values()) {
            total = total.plus(c.counts(now.toEpochMilli()));
        }
        return total;
    }

    /** Inferences per minute over the last {@code minutes} minutes (oldest first, the current minute last). */
    public long[] perMinute(String model, Instant now, int minutes) {
        long[] series = new long[minutes];
        long nowMillis = now.toEpochMilli();
        for (VersionCounter c : models.getOrDefault(model, Map.of()).values()) {
            long[] one = c.perMinute(nowMillis, minutes);
            for (int i = 0; i < minutes; i++) {
                series[i] += one[i];
            }
        }
        return series;
    }

    /** Each version seen, by version number. */
    public Map<Integer, VersionTraffic> versions(String model, Instant now) {
        Map<Integer, VersionTraffic> out = new TreeMap<>();
        models.getOrDefault(model, Map.of()).forEach((v, c) -> out.put(v, c.traffic(v, now.toEpochMilli())));
        return out;
    }

    private static final class VersionCounter {
        private final Ring seconds = new Ring(1_000, 60);
        private final Ring minutes = new Ring(60_000, 1_440);
        private final double[] latencies = new double[LATENCY_SAMPLES];
        private long latencyCount;
        private String route;
        private Instant lastSeen;

        synchronized void add(long atMillis, String route, double latencyMs, Instant now) {
            seconds.add(atMillis);
            minutes.add(atMillis);
            if (route != null) {
                this.route = route;
            }
            if (latencyMs > 0 && Double.isFinite(latencyMs)) {
                latencies[(int) (latencyCount++ % LATENCY_SAMPLES)] = latencyMs;
            }
            lastSeen = now;
        }

        synchronized Counts counts(long nowMillis) {
            return new Counts(seconds.sum(nowMillis, 60), minutes.sum(nowMillis, 60), minutes.sum(nowMillis, 1_440));
        }

        synchronized long[] perMinute(long nowMillis, int n) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = minutes.slot(nowMillis - (long) (n - 1 - i) * 60_000);
            }
            return out;
        }

        synchronized VersionTraffic traffic(int version, long nowMillis) {
            int n = (int) Math.min(latencyCount, LATENCY_SAMPLES);
            Double p50 = null;
            Double p99 = null;
            if (n > 0) {
                double[] sorted = Arrays.copyOf(latencies, n);
                Arrays.sort(sorted);
                p50 = nearestRank(sorted, 0.50);
                p99 = nearestRank(sorted, 0.99);
            }
            return new VersionTraffic(version, route, counts(nowMillis), p50, p99, n, lastSeen);
        }

        /** The nearest-rank quantile: the smallest value with at least {@code q} of the sample at or below it. */
        private static double nearestRank(double[] sorted, double q) {
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }
    }

    /** Counts in fixed-width time slots; a slot is reset when time comes round to it again. */
    static final class Ring {
        private final long width;
        private final long[] slotStart;
        private final long[] counts;

        Ring(long widthMillis, int slots) {
            this.width = widthMillis;
            this.slotStart = new long[slots];
            this.counts = new long[slots];
            Arrays.fill(slotStart, Long.MIN_VALUE);
        }

        void add(long atMillis) {
            long slot = Math.floorDiv(atMillis, width);
            int i = (int) Math.floorMod(slot, (long) counts.length);
            if (slotStart[i] != slot) {
                if (slotStart[i] > slot) {
                    return; // older than the ring reaches back: outside every window
                }
                slotStart[i] = slot;
                counts[i] = 0;
            }
            counts[i]++;
        }

        /** The count of the slot holding {@code atMillis}; 0 when the ring holds another time there. */
        long slot(long atMillis) {
            long slot = Math.floorDiv(atMillis, width);
            int i = (int) Math.floorMod(slot, (long) counts.length);
            return slotStart[i] == slot ? counts[i] : 0;
        }

        /** The sum of the {@code slots} newest slots up to and including the one holding {@code nowMillis}. */
        long sum(long nowMillis, int slots) {
            long current = Math.floorDiv(nowMillis, width);
            long total = 0;
            for (int k = 0; k < slots; k++) {
                long slot = current - k;
                int i = (int) Math.floorMod(slot, (long) counts.length);
                if (slotStart[i] == slot) {
                    total += counts[i];
                }
            }
            return total;
        }
    }
}
