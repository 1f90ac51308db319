package io.rtml.monitor.service;

import io.rtml.contracts.event.GroundTruthEvent;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.monitor.service.WindowStore.VersionKey;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** What the Kafka consumers hand each record to: checks it, folds it, starts and retries baseline fetches. */
@ApplicationScoped
public class IngestService {

    private final WindowStore store;
    private final BaselineService baselines;

    public IngestService(WindowStore store, BaselineService baselines) {
        this.store = store;
        this.baselines = baselines;
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

    public void prediction(PredictionEvent e) {
        if (store.observe(e, Instant.now())) {
            refreshBaseline(new VersionKey(e.model(), e.version()));
        }
    }

    /** Asks the registry for a version's baseline; the answer, or the failure, lands in the store. */
    public void refreshBaseline(VersionKey key) {
        baselines.fetch(key.model(), key.version()).subscribe().with(
                version -> store.baselineArrived(key, BaselineService.usable(version.baselineProfile())),
                failure -> store.baselineFailed(key, BaselineService.describe(failure), Instant.now()));
    }

    public void label(GroundTruthEvent g) {
        store.label(g, Instant.now());
    }
}
