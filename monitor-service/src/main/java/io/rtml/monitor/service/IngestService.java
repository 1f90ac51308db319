package io.rtml.monitor.service;

import io.rtml.contracts.event.GroundTruthEvent;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.monitor.service.WindowStore.VersionKey;
import io.rtml.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;

import java.time.Instant;

/** What the Kafka consumers hand each record to: checks it, folds it, starts and retries baseline fetches. */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final WindowStore store;
    private final BaselineService baselines;
    private final MonitorMetrics metrics;
    private final Duration maxClockSkew;
    private final InferenceCounts counts;

    public IngestService(WindowStore store, BaselineService baselines, MonitorMetrics metrics, MonitorConfig config,
                         InferenceCounts counts) {
        this.store = store;
        this.counts = counts;
        this.baselines = baselines;
        this.metrics = metrics;
        this.maxClockSkew = config.predictions().maxClockSkew();
    }

    /** Why a prediction cannot be used, or null when it can. */
    public static String problem(PredictionEvent e) {
        if (e == null) {
            return "no value";
        }
        if (e.model() == null || e.model().isBlank()) {
            return "model is missing";
        }
        if (e.version() < 1) {
            return "version must be at least 1";
        }
        return null;
    }

    /** Why a label cannot be used, or null when it can. */
    public static String problem(GroundTruthEvent g) {
        if (g == null) {
            return "no value";
        }
        if (g.model() == null || g.model().isBlank()) {
            return "model is missing";
        }
        if (g.requestId() == null || g.requestId().isBlank()) {
            return "requestId is missing";
        }
        if (g.label() == null) {
            return "label is missing";
        }
        return null;
    }

    /**
     * Folds one prediction; {@code ack} runs once its effect is durable (or at once when it is refused). One dated more than {@code predictions.max-clock-skew} ahead of this clock is
     * rejected and counted ({@code rtml_monitor_rejected_predictions_total{reason="future-time"}}): it would
     * sit in a bucket no report reaches yet, and then count as traffic of a time it did not happen in.
     */
    public void prediction(PredictionEvent e, Runnable ack) {
        Instant now = Instant.now();
        if (e.time() != null && e.time().isAfter(now.plus(maxClockSkew))) {
            metrics.rejected(MonitorMetrics.REJECT_FUTURE_TIME);
            LOG.debugf("Rejected prediction %s of %s v%d dated %s, more than %s ahead of %s", e.requestId(), e.model(),
                    e.version(), e.time(), maxClockSkew, now);
            ack.run();
            return;
        }
        counts.record(e, now);
        if (store.observe(e, now, ack)) {
            refreshBaseline(new VersionKey(e.model(), e.version()));
        }
    }

    /** Asks the registry for a version's baseline; the answer, or the failure, lands in the store. */
    public void refreshBaseline(VersionKey key) {
        baselines.fetch(key.model(), key.version()).subscribe().with(
                version -> store.baselineArrived(key, BaselineService.usable(version.baselineProfile())),
                failure -> store.baselineFailed(key, BaselineService.describe(failure), Instant.now()));
    }

    /** Queues a label for the durable join; {@code ack} runs once it is written. */
    public void label(GroundTruthEvent g, Runnable ack) {
        store.label(g, Instant.now(), ack);
    }
}
