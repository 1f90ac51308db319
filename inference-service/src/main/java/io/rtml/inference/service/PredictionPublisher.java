package io.rtml.inference.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.inference.config.InferenceConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts every answer on {@code rtml.predictions} without making the request wait: sends are
 * fire-and-forget into a bounded buffer. Whatever Kafka does not take (buffer full, broker down,
 * send failed) is appended to a spill file and re-sent later, counted in
 * {@code rtml_prediction_publish_failures_total} and {@code rtml_prediction_spill_size}: nothing is
 * dropped silently.
 */
@ApplicationScoped
public class PredictionPublisher {

    public static final String CHANNEL = "predictions";
    private static final Logger LOG = Logger.getLogger(PredictionPublisher.class);

    private final MutinyEmitter<PredictionEvent> emitter;
    private final ObjectMapper mapper;
    private final Path spillFile;
    private final Counter failures;
    private final AtomicLong spilled = new AtomicLong();

    public PredictionPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                               MutinyEmitter<PredictionEvent> emitter,
                               ObjectMapper mapper, InferenceConfig config, MeterRegistry metrics) throws IOException {
        this.emitter = emitter;
        this.mapper = mapper;
        Path dir = Path.of(config.predictions().spillDir());
        Files.createDirectories(dir);
        this.spillFile = dir.resolve("predictions.jsonl");
        this.failures = metrics.counter("rtml_prediction_publish_failures_total");
        metrics.gauge("rtml_prediction_spill_size", spilled);
        if (Files.exists(spillFile)) {
            spilled.set(countLines(spillFile));
        }
    }

    public void publish(PredictionEvent event) {
        Message<PredictionEvent> message = Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.model()).build());
        try {
            emitter.sendMessage(message).subscribe().with(ok -> { }, e -> spill(event, e));
        } catch (RuntimeException overflowOrClosed) {
            spill(event, overflowOrClosed);
        }
    }

    /** Predictions waiting on disk. */
    public long spilled() {
        return spilled.get();
    }

    private synchronized void spill(PredictionEvent event, Throwable cause) {
        failures.increment();
        try (BufferedWriter w = Files.newBufferedWriter(spillFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(mapper.writeValueAsString(event));
            w.newLine();
            if (spilled.incrementAndGet() == 1) {
                LOG.warnf("Kafka did not take a prediction (%s); spilling to %s until it does", cause.getMessage(), spillFile);
            }
        } catch (IOException e) {
            LOG.errorf("Prediction %s lost: Kafka refused it (%s) and the spill file failed (%s)",
                    event.requestId(), cause.getMessage(), e.getMessage());
        }
    }

    /** Re-sends spilled predictions; those that fail again are spilled again by {@link #publish}. */
    @Scheduled(every = "${rtml.inference.predictions.replay-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void replay() throws IOException {
        List<String> lines;
        synchronized (this) {
            if (spilled.get() == 0 || !Files.exists(spillFile) || !emitter.hasRequests()) {
                return;
            }
            lines = Files.readAllLines(spillFile, StandardCharsets.UTF_8);
            Files.delete(spillFile);
            spilled.set(0);
        }
        LOG.infof("Re-sending %d spilled predictions", lines.size());
        for (String line : lines) {
            publish(mapper.readValue(line, PredictionEvent.class));
        }
    }

    private static long countLines(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }
}
