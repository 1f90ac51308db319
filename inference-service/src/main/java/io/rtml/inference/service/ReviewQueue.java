package io.rtml.inference.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.rtml.contracts.event.ReviewEvent;
import io.rtml.inference.config.InferenceConfig;
import io.rtml.inference.runtime.Scored;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Sends predictions the model was unsure of (confidence of the predicted label below the model's
 * threshold) to {@code rtml.review-queue}, keyed by model, for a person to label. Non-blocking and
 * spilled to disk like predictions; counted in {@code rtml_review_queued_total{model}}.
 */
// At start, not on first use: its spill gauge must be on /q/metrics before the first answer is published.
@Startup
@ApplicationScoped
public class ReviewQueue {

    public static final String CHANNEL = "review-queue";

    private final SpillingSender<ReviewEvent> sender;
    private final InferenceConfig.Review config;
    private final MeterRegistry metrics;

    public ReviewQueue(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                       MutinyEmitter<ReviewEvent> emitter,
                       ObjectMapper mapper, InferenceConfig config, MeterRegistry metrics) throws IOException {
        this.sender = new SpillingSender<>(emitter, mapper, ReviewEvent.class, ReviewEvent::model,
                Path.of(config.predictions().spillDir(), "reviews.jsonl"), "rtml_review", metrics);
        this.config = config.review();
        this.metrics = metrics;
    }

    /** The confidence below which predictions of {@code model} go to review. */
    public double threshold(String model) {
        InferenceConfig.Review.ModelReview perModel = config.models().get(model);
        return perModel != null && perModel.threshold().isPresent()
                ? perModel.threshold().getAsDouble() : config.threshold();
    }

    /**
     * Queues the answer when its confidence is below the threshold; returns whether it did. An answer
     * without a score for its label cannot be judged and is not queued.
     */
    public boolean offer(String requestId, LoadedModel loaded, Map<String, Object> inputs, Scored scored) {
        double confidence = scored.confidence();
        if (Double.isNaN(confidence) || confidence >= threshold(loaded.model())) {
            return false;
        }
        sender.send(new ReviewEvent(requestId, loaded.model(), loaded.version(), scored.label(), confidence, inputs,
                Instant.now()));
        metrics.counter("rtml_review_queued_total", "model", loaded.model()).increment();
        return true;
    }

    @Scheduled(every = "${rtml.inference.predictions.replay-interval:5s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void replay() throws IOException {
        sender.replay();
    }
}
