package io.rtml.inference.routing;

import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.event.Route;
import io.rtml.inference.rest.PredictRequest;
import io.rtml.inference.service.LoadedModel;
import io.rtml.inference.service.ModelManager;
import io.rtml.inference.service.PredictionPublisher;
import io.rtml.inference.serving.EnrichedRow;
import io.rtml.inference.serving.FeatureEnricher;
import io.rtml.inference.serving.ServingMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;

/**
 * Shadow mode: after the champion has answered, the challenger scores a copy of the request off the
 * request path, and its predictions go to {@code rtml.predictions} with route {@code shadow}, never to
 * the caller. At most {@code rtml.inference.shadow.max-in-flight} copies are scored at once; a copy
 * beyond that is dropped and counted ({@code rtml_inference_challenger_failures_total{stage="dropped"}}),
 * so a slow challenger cannot pile up work behind the champion. A failing challenger is counted and
 * logged, never seen by the champion's caller.
 */
@ApplicationScoped
public class ShadowScorer {

    private static final Logger LOG = Logger.getLogger(ShadowScorer.class);

    private final ModelManager models;
    private final FeatureEnricher enricher;
    private final PredictionPublisher publisher;
    private final ServingMetrics metrics;
    private final Semaphore inFlight;

    public ShadowScorer(ModelManager models, FeatureEnricher enricher, PredictionPublisher publisher, ServingMetrics metrics,
                        @ConfigProperty(name = "rtml.inference.shadow.max-in-flight", defaultValue = "64") int maxInFlight) {
        this.models = models;
        this.enricher = enricher;
        this.publisher = publisher;
        this.metrics = metrics;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** Scores {@code instances} on version {@code challenger} of the champion's model, in the background. */
    public void copy(int challenger, LoadedModel champion, PredictRequest request, List<PredictRequest.Instance> instances) {
        String model = champion.model();
        if (!inFlight.tryAcquire()) {
            metrics.challengerFailure(model, "dropped");
            return;
        }
        long start = System.nanoTime();
        // Held while it scores, like a caller's request: another model's load cannot close it mid-copy.
        models.holding(() -> models.version(model, challenger), List::of,
                        loaded -> enricher.enrich(loaded, instances)
                                .flatMap(rows -> loaded.batcher().score(scorable(rows))
                                        .invoke(scored -> publish(loaded, request, instances, rows, scored, start))))
                .onTermination().invoke(inFlight::release)
                .subscribe().with(ignored -> { }, e -> {
                    metrics.challengerFailure(model, "score");
                    LOG.debugf("%s: shadow v%d failed: %s", model, challenger, e.getMessage());
                });
    }

    private static List<Map<String, Object>> scorable(List<EnrichedRow> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (EnrichedRow row : rows) {
            if (!row.empty()) {
                out.add(row.values());
            }
        }
        return out;
    }

    private void publish(LoadedModel loaded, PredictRequest request, List<PredictRequest.Instance> instances,
                         List<EnrichedRow> rows, List<io.rtml.inference.runtime.Scored> scored, long start) {
        double latencyMs = (System.nanoTime() - start) / 1e6;
        Instant now = Instant.now();
        int next = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).empty()) {
                continue;
            }
            var s = scored.get(next++);
            String requestId = instances.get(i).requestId() != null ? instances.get(i).requestId() : UUID.randomUUID().toString();
            publisher.publish(new PredictionEvent(requestId, request.tenant(), loaded.model(), loaded.version(), Route.SHADOW,
                    rows.get(i).values(), s.label(), s.scores(), latencyMs, now));
        }
        metrics.request(loaded.model(), loaded.version(), "shadow", true, start);
    }
}
