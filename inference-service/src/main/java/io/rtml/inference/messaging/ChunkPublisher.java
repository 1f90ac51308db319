package io.rtml.inference.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Puts a job's chunks on {@code rtml.scoring-jobs}. Keyed by job and chunk, so one job's chunks spread
 * over every partition and so over every replica of the consumer group.
 */
@ApplicationScoped
public class ChunkPublisher {

    public static final String CHANNEL = "scoring-jobs-out";

    private final MutinyEmitter<ChunkRecord> emitter;

    public ChunkPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 50_000)
                          MutinyEmitter<ChunkRecord> emitter) {
        this.emitter = emitter;
    }

    /** Blocks until Kafka has acknowledged every record; throws when one was refused. */
    public void publish(UUID jobId, List<Integer> chunks, Duration timeout) {
        List<Uni<Void>> sends = new ArrayList<>(chunks.size());
        for (int chunk : chunks) {
            Message<ChunkRecord> message = Message.of(new ChunkRecord(jobId, chunk)).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(jobId + "/" + chunk).build());
            sends.add(emitter.sendMessage(message));
        }
        if (!sends.isEmpty()) {
            Uni.join().all(sends).andFailFast().await().atMost(timeout);
        }
    }
}
