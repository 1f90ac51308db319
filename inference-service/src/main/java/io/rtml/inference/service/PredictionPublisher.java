package io.rtml.inference.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.inference.config.InferenceConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Puts every answer on {@code rtml.predictions}, keyed by model, without making the request wait;
 * what Kafka does not take spills to disk ({@link SpillingSender}), counted in
 * {@code rtml_prediction_publish_failures_total} and {@code rtml_prediction_spill_size}.
 */
// At start, not on first use: its spill gauge must be on /q/metrics before the first answer is published.
@Startup
@ApplicationScoped
public class PredictionPublisher {

    public static final String CHANNEL = "predictions";

    private final SpillingSender<PredictionEvent> sender;

    public PredictionPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                               MutinyEmitter<PredictionEvent> emitter,
                               ObjectMapper mapper, InferenceConfig config, MeterRegistry metrics) throws IOException {
        this.sender = new SpillingSender<>(emitter, mapper, PredictionEvent.class, PredictionEvent::model,
                Path.of(config.predictions().spillDir(), "predictions.jsonl"), "rtml_prediction", metrics);
    }

    public void publish(PredictionEvent event) {
        sender.send(event);
    }

    /** Predictions waiting on disk. */
    public long spilled() {
        return sender.spilled();
    }

    @Scheduled(every = "${rtml.inference.predictions.replay-interval:5s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void replay() throws IOException {
        sender.replay();
    }
}
