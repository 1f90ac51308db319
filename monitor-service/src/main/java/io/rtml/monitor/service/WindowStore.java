package io.rtml.monitor.service;

import io.rtml.contracts.event.GroundTruthEvent;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.contracts.profile.FeatureProfile;
import io.rtml.contracts.profile.NumericProfile;
import io.rtml.contracts.profile.NumericValue;
import io.rtml.contracts.profile.ReliabilityTable;
import io.rtml.monitor.config.MonitorConfig;
import io.rtml.monitor.drift.DriftCalculator;
import io.rtml.monitor.quality.RecentInputs;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The monitor's in-memory state, all under one lock: the model versions seen and their baselines,
 * bucket deltas not yet written to PostgreSQL, predictions waiting for their baseline, what the label
 * join needs written next (predictions with a request id, labels), and the Kafka acknowledgements of
 * the records behind all of it. {@link FlushService} takes these out together and acknowledges the
 * records only once what they changed is committed in PostgreSQL, so a crash loses nothing that Kafka
 * would not hand out again. The join itself runs in PostgreSQL ({@link LabelJoin}), so a label may come
 * days later and after any restart.
 */
@ApplicationScoped
public class WindowStore {

    private static final Logger LOG = Logger.getLogger(WindowStore.class);
    private static final Comparator<BucketKey> OLDEST_FIRST = Comparator.comparing(BucketKey::start)
            .thenComparing(BucketKey::model).thenComparingInt(BucketKey::version);

    private final MonitorConfig config;
    private final MonitorMetrics metrics;
    private final long bucketMillis;
    private final Map<VersionKey, VersionState> versions = new LinkedHashMap<>();
    private final TreeMap<BucketKey, WindowStats> unflushed = new TreeMap<>(OLDEST_FIRST);
    /** Predictions with a request id not yet written to the join table. */
    private List<LabelJoin.PredictionRow> joinPredictions = new ArrayList<>();
    /** Labels not yet written to the join table. */
    private List<LabelJoin.LabelRow> joinLabels = new ArrayList<>();
    /** Acknowledgements of records whose effect is in the unflushed state above (not in {@code pending}). */
    private List<Runnable> acks = new ArrayList<>();

    public WindowStore(MonitorConfig config, MonitorMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.bucketMillis = config.bucket().toMillis();
        if (bucketMillis < 1000) {
            throw new IllegalArgumentException("rtml.monitor.bucket must be at least 1s, got " + config.bucket());
        }
    }

    public record VersionKey(String model, int version) {
        @Override
        public String toString() {
            return model + ":" + version;
        }
    }

    public record BucketKey(String model, int version, Instant start) {
    }

    public enum BaselineStatus { PENDING, READY, NONE }

    /** A read-only view of one version for reports, metrics and health. */
    public record VersionInfo(String model, int version, BaselineStatus status, DatasetProfile baseline,
                              long predictions, String lastError, Instant firstSeen, Instant lastSeen) {
    }

    /** A prediction kept until its baseline is known, with the acknowledgement of its record. */
    record Waiting(PredictionEvent event, Runnable ack) {
    }

    static final class VersionState {
        final VersionKey key;
        BaselineStatus status = BaselineStatus.PENDING;
        DatasetProfile baseline;
        Map<String, double[]> ranges = Map.of();
        final ArrayDeque<Waiting> pending = new ArrayDeque<>();
        boolean fetching;
        Instant nextAttempt = Instant.EPOCH;
        String lastError;
        long flushedPredictions;
        long unflushedPredictions;
        boolean baselineDirty;
        Instant firstSeen;
        Instant lastSeen;
        final RecentInputs recentInputs;

        VersionState(VersionKey key, Instant now, int duplicateLookback) {
            this.key = key;
            this.recentInputs = new RecentInputs(duplicateLookback);
            this.firstSeen = now;
            this.lastSeen = now;
        }

        VersionInfo info() {
            return new VersionInfo(key.model(), key.version(), status, baseline,
                    flushedPredictions + unflushedPredictions, lastError, firstSeen, lastSeen);
        }
    }

    /**
     * Versions, buckets and join rows taken out for one flush, with the acknowledgements of the records
     * behind them; handed back with {@link #restore} if the flush fails.
     */
    public record FlushBatch(Map<BucketKey, WindowStats> buckets, List<VersionDelta> versions,
                             List<LabelJoin.PredictionRow> joinPredictions, List<LabelJoin.LabelRow> joinLabels,
                             List<Runnable> acks) {
        public boolean isEmpty() {
            return buckets.isEmpty() && versions.isEmpty() && joinPredictions.isEmpty() && joinLabels.isEmpty()
                    && acks.isEmpty();
        }
    }

    public record VersionDelta(String model, int version, BaselineStatus status, DatasetProfile baseline,
                               long predictions, Instant firstSeen, Instant lastSeen) {
    }

    // ---- ingest -------------------------------------------------------------------------------

    /**
     * Counts and folds one prediction (or keeps it until the version's baseline is known) and queues it
     * for the label join. {@code ack} runs once its effect is durable (or it was dropped and counted).
     * Answers true when the caller should fetch the baseline now.
     */
    public synchronized boolean observe(PredictionEvent e, Instant now, Runnable ack) {
        VersionKey key = new VersionKey(e.model(), e.version());
        VersionState state = versions.get(key);
        if (state == null) {
            if (versions.size() >= config.limits().maxVersions()) {
                metrics.dropped("too-many-versions", 1);
                ack.run();
                return false;
            }
            state = new VersionState(key, now, config.quality().duplicateLookback());
            versions.put(key, state);
        }
        state.lastSeen = now;
        state.unflushedPredictions++;
        metrics.observed(e.model(), e.version());
        Instant time = e.time() == null ? now : e.time();
        if (e.requestId() != null && !e.requestId().isBlank() && e.output() != null) {
            joinPredictions.add(new LabelJoin.PredictionRow(e.model(), e.requestId(), e.version(), e.output(), time, now));
        }
        if (state.status == BaselineStatus.PENDING) {
            // Its record is acknowledged once it is folded: until then a crash must hand it out again.
            state.pending.addLast(new Waiting(e.time() == null ? withTime(e, time) : e, ack));
            if (state.pending.size() > config.baseline().maxPending()) {
                state.pending.removeFirst().ack().run();
                metrics.dropped("baseline-pending-overflow", 1);
            }
        } else {
            fold(state, e, time);
            acks.add(ack);
        }
        return claimFetch(state, now);
    }

    private static PredictionEvent withTime(PredictionEvent e, Instant time) {
        return new PredictionEvent(e.requestId(), e.tenant(), e.model(), e.version(), e.route(), e.inputs(), e.output(),
                e.scores(), e.latencyMs(), time);
    }

    /** Queues a label for the join, which runs in PostgreSQL at the next flush; {@code ack} runs once it is durable. */
    public synchronized void label(GroundTruthEvent g, Instant now, Runnable ack) {
        joinLabels.add(new LabelJoin.LabelRow(g.model(), g.requestId(), g.label(), now));
        acks.add(ack);
    }

    /**
     * A joined label's outcome, added to the bucket of its prediction's time (created empty when it is
     * not in memory); the flush merges it into the stored bucket.
     */
    static void outcome(Map<BucketKey, WindowStats> buckets, BucketKey bucket, boolean correct) {
        WindowStats w = buckets.computeIfAbsent(bucket, k -> WindowStats.empty());
        w.labelled++;
        if (correct) {
            w.correct++;
        }
    }

    /** The key of the bucket holding {@code time} for a model version. */
    public BucketKey bucketOf(String model, int version, Instant time) {
        long ms = time.toEpochMilli();
        return new BucketKey(model, version, Instant.ofEpochMilli(Math.floorDiv(ms, bucketMillis) * bucketMillis));
    }

    private void fold(VersionState state, PredictionEvent e, Instant time) {
        WindowStats w = bucket(state, time);
        if (w == null) {
            return;
        }
        w.predictions++;
        w.countClass(e.output(), 1, config.limits().maxClasses());
        w.confidence.add(ReliabilityTable.confidenceOf(e.scores(), e.output()));
        if (state.baseline == null) {
            return;
        }
        Map<String, Object> inputs = e.inputs() == null ? Map.of() : e.inputs();
        w.quality.add(inputs, state.baseline, state.recentInputs.seenBefore(inputs));
        Map<String, Object> row = new HashMap<>(inputs);
        row.put(DriftCalculator.PREDICTION_FEATURE, e.output());
        w.profile.add(row);
        state.ranges.forEach((feature, range) -> {
            double v = NumericValue.of(row.get(feature));
            if (!Double.isNaN(v) && (v < range[0] || v > range[1])) {
                w.outOfRange.merge(feature, 1L, Long::sum);
            }
        });
    }

    /** The unflushed bucket holding {@code time}, created on first use; null if the version is unknown. */
    private WindowStats bucket(VersionState state, Instant time) {
        if (state == null) {
            return null;
        }
        WindowStats w = unflushed.computeIfAbsent(bucketOf(state.key.model(), state.key.version(), time),
                k -> WindowStats.empty());
        if (w.profile == null && state.baseline != null) {
            w.profile = state.baseline.emptyCopy();
        }
        if (unflushed.size() > config.limits().maxUnflushedBuckets()) {
            Map.Entry<BucketKey, WindowStats> oldest = unflushed.pollFirstEntry();
            metrics.dropped("unflushed-overflow", oldest.getValue().predictions);
            LOG.warnf("Dropped the unflushed bucket %s of %s:%d (%d predictions): PostgreSQL is not keeping up",
                    oldest.getKey().start(), oldest.getKey().model(), oldest.getKey().version(),
                    oldest.getValue().predictions);
            if (oldest.getValue() == w) {
                return null;
            }
        }
        return w;
    }

    // ---- baselines ----------------------------------------------------------------------------

    private boolean claimFetch(VersionState state, Instant now) {
        if (state.status != BaselineStatus.PENDING || state.fetching || now.isBefore(state.nextAttempt)) {
            return false;
        }
        state.fetching = true;
        return true;
    }

    /** Versions whose baseline should be asked for again now; each is marked as being fetched. */
    public synchronized List<VersionKey> claimDueFetches(Instant now) {
        List<VersionKey> due = new ArrayList<>();
        for (VersionState s : versions.values()) {
            if (claimFetch(s, now)) {
                due.add(s.key);
            }
        }
        return due;
    }

    /**
     * The registry answered: {@code baseline} is the version's profile, or null when the version has
     * none (then predictions are counted and labels joined, but there is no drift or quality report).
     * Predictions that waited for it are folded now.
     */
    public synchronized void baselineArrived(VersionKey key, DatasetProfile baseline) {
        VersionState state = versions.get(key);
        if (state == null || state.status != BaselineStatus.PENDING) {
            return;
        }
        setBaseline(state, baseline);
        state.baselineDirty = true;
        if (state.lastError != null) {
            LOG.infof("Baseline of %s fetched from the registry after earlier failures", key);
        }
        state.lastError = null;
        int waiting = state.pending.size();
        while (!state.pending.isEmpty()) {
            Waiting w = state.pending.removeFirst();
            fold(state, w.event(), w.event().time());
            acks.add(w.ack());
        }
        LOG.infof("Monitoring %s with %s; folded %d predictions that waited for it", key,
                baseline == null ? "no baseline profile (the registry version has none)" : "its baseline profile",
                waiting);
    }

    private void setBaseline(VersionState state, DatasetProfile baseline) {
        state.fetching = false;
        state.baseline = baseline;
        state.status = baseline == null ? BaselineStatus.NONE : BaselineStatus.READY;
        Map<String, double[]> ranges = new HashMap<>();
        if (baseline != null) {
            for (Map.Entry<String, FeatureProfile> f : baseline.features().entrySet()) {
                if (f.getValue() instanceof NumericProfile n && n.min() != null && n.max() != null) {
                    ranges.put(f.getKey(), new double[] {n.min(), n.max()});
                }
            }
        }
        state.ranges = ranges;
    }

    /** The registry could not be asked (or has no such version): try again after the retry delay. */
    public synchronized void baselineFailed(VersionKey key, String reason, Instant now) {
        VersionState state = versions.get(key);
        if (state == null) {
            return;
        }
        state.fetching = false;
        state.nextAttempt = now.plus(config.baseline().retryAfter());
        if (!reason.equals(state.lastError)) {
            LOG.warnf("Baseline of %s not available from the registry (%s); %d predictions wait for it, "
                    + "retrying every %s", key, reason, state.pending.size(), config.baseline().retryAfter());
        }
        state.lastError = reason;
    }

    // ---- persistence --------------------------------------------------------------------------

    /** Versions read from PostgreSQL at start; ones already seen since keep their live state. */
    public synchronized void load(List<VersionDelta> persisted) {
        for (VersionDelta row : persisted) {
            VersionKey key = new VersionKey(row.model(), row.version());
            VersionState state = versions.get(key);
            if (state == null) {
                state = new VersionState(key, row.firstSeen(), config.quality().duplicateLookback());
                versions.put(key, state);
                state.lastSeen = row.lastSeen();
            } else {
                state.firstSeen = row.firstSeen();
            }
            state.flushedPredictions = row.predictions();
            if (state.status == BaselineStatus.PENDING && row.status() != BaselineStatus.PENDING) {
                setBaseline(state, row.baseline());
                List<Waiting> waiting = new ArrayList<>(state.pending);
                state.pending.clear();
                for (Waiting w : waiting) {
                    fold(state, w.event(), w.event().time());
                    acks.add(w.ack());
                }
            }
        }
    }

    /** Takes the unflushed buckets and version counts out for writing. */
    public synchronized FlushBatch drain() {
        Map<BucketKey, WindowStats> buckets = new TreeMap<>(OLDEST_FIRST);
        buckets.putAll(unflushed);
        unflushed.clear();
        List<VersionDelta> deltas = new ArrayList<>();
        for (VersionState s : versions.values()) {
            if (s.unflushedPredictions > 0 || s.baselineDirty) {
                deltas.add(new VersionDelta(s.key.model(), s.key.version(), s.status, s.baseline,
                        s.unflushedPredictions, s.firstSeen, s.lastSeen));
                s.flushedPredictions += s.unflushedPredictions;
                s.unflushedPredictions = 0;
                s.baselineDirty = false;
            }
        }
        FlushBatch batch = new FlushBatch(buckets, deltas, joinPredictions, joinLabels, acks);
        joinPredictions = new ArrayList<>();
        joinLabels = new ArrayList<>();
        acks = new ArrayList<>();
        return batch;
    }

    /** Puts a batch that could not be written back, merged with what arrived meanwhile. */
    public synchronized void restore(FlushBatch batch) {
        joinPredictions.addAll(0, batch.joinPredictions());
        joinLabels.addAll(0, batch.joinLabels());
        acks.addAll(0, batch.acks());
        batch.buckets().forEach((k, w) -> {
            WindowStats now = unflushed.get(k);
            if (now == null) {
                unflushed.put(k, w);
            } else {
                w.merge(now, config.limits().maxClasses());
                unflushed.put(k, w);
            }
        });
        for (VersionDelta d : batch.versions()) {
            VersionState s = versions.get(new VersionKey(d.model(), d.version()));
            if (s != null) {
                s.flushedPredictions -= d.predictions();
                s.unflushedPredictions += d.predictions();
                s.baselineDirty = true;
            }
        }
    }

    // ---- reads --------------------------------------------------------------------------------

    /** Unflushed statistics of buckets starting in {@code [from, to)}, as a fresh copy. */
    public synchronized WindowStats unflushed(String model, int version, Instant from, Instant to) {
        WindowStats out = WindowStats.empty();
        unflushed.forEach((k, w) -> {
            if (k.model().equals(model) && k.version() == version && !k.start().isBefore(from) && k.start().isBefore(to)) {
                out.merge(w, config.limits().maxClasses());
            }
        });
        return out;
    }

    public synchronized Optional<VersionInfo> version(String model, int version) {
        return Optional.ofNullable(versions.get(new VersionKey(model, version))).map(VersionState::info);
    }

    /** The highest version of the model seen, if any. */
    public synchronized Optional<VersionInfo> newest(String model) {
        return versions.values().stream()
                .filter(s -> s.key.model().equals(model))
                .max(Comparator.comparingInt(s -> s.key.version()))
                .map(VersionState::info);
    }

    public synchronized List<VersionInfo> versions() {
        return versions.values().stream().map(VersionState::info)
                .sorted(Comparator.comparing(VersionInfo::model).thenComparingInt(VersionInfo::version))
                .toList();
    }

    /** Versions still waiting for their baseline, with the reason, for the readiness data. */
    public synchronized Map<String, String> waitingForBaseline() {
        Map<String, String> out = new LinkedHashMap<>();
        versions.values().stream().filter(s -> s.status == BaselineStatus.PENDING)
                .forEach(s -> out.put(s.key.toString(), s.lastError == null ? "fetching" : s.lastError));
        return out;
    }

    public long bucketMillis() {
        return bucketMillis;
    }
}
