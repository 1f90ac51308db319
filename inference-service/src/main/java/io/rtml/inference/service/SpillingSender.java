package io.rtml.inference.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Fire-and-forget sends to one Kafka channel that never make the caller wait. Whatever Kafka does
 * not take (emitter buffer full, broker down, send failed) is appended to a JSON-lines spill file and
 * re-sent by {@link #replay()}, counted in {@code <metricPrefix>_publish_failures_total} and
 * {@code <metricPrefix>_spill_size}: nothing is dropped silently. Not a bean: each publisher owns one.
 */
public final class SpillingSender<T> {

    private static final Logger LOG = Logger.getLogger(SpillingSender.class);

    private final MutinyEmitter<T> emitter;
    private final ObjectMapper mapper;
    private final Class<T> type;
    private final Function<T, String> key;
    private final Path spillFile;
    private final Counter failures;
    private final AtomicLong spilled = new AtomicLong();

    public SpillingSender(MutinyEmitter<T> emitter, ObjectMapper mapper, Class<T> type, Function<T, String> key,
                          Path spillFile, String metricPrefix, MeterRegistry metrics) throws IOException {
        this.emitter = emitter;
        this.mapper = mapper;
        this.type = type;
        this.key = key;
        this.spillFile = spillFile;
        Files.createDirectories(spillFile.getParent());
        this.failures = metrics.counter(metricPrefix + "_publish_failures_total");
        // Held strongly: Micrometer keeps gauge targets weakly, and a collected one vanishes from /q/metrics.
        Gauge.builder(metricPrefix + "_spill_size", spilled, AtomicLong::get)
                .description("events waiting on disk because Kafka did not take them").strongReference(true)
                .register(metrics);
        if (Files.exists(spillFile)) {
            spilled.set(countLines(spillFile));
        }
    }

    public void send(T event) {
        Message<T> message = Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key.apply(event)).build());
        try {
            emitter.sendMessage(message).subscribe().with(ok -> { }, e -> spill(event, e));
        } catch (RuntimeException overflowOrClosed) {
            spill(event, overflowOrClosed);
        }
    }

    /** Events waiting on disk. */
    public long spilled() {
        return spilled.get();
    }

    private synchronized void spill(T event, Throwable cause) {
        failures.increment();
        try (BufferedWriter w = Files.newBufferedWriter(spillFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(mapper.writeValueAsString(event));
            w.newLine();
            if (spilled.incrementAndGet() == 1) {
                LOG.warnf("Kafka did not take a %s (%s); spilling to %s until it does", type.getSimpleName(),
                        cause.getMessage(), spillFile);
            }
        } catch (IOException e) {
            LOG.errorf("%s lost: Kafka refused it (%s) and the spill file failed (%s)", event, cause.getMessage(),
                    e.getMessage());
        }
    }

    /** Re-sends spilled events once the channel has demand; those that fail again are spilled again. */
    public void replay() throws IOException {
        List<String> lines;
        synchronized (this) {
            if (spilled.get() == 0 || !Files.exists(spillFile) || !emitter.hasRequests()) {
                return;
            }
            lines = Files.readAllLines(spillFile, StandardCharsets.UTF_8);
            Files.delete(spillFile);
            spilled.set(0);
        }
        LOG.infof("Re-sending %d spilled %s records", lines.size(), type.getSimpleName());
        for (String line : lines) {
            send(mapper.readValue(line, type));
        }
    }

    private static long countLines(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }
}
