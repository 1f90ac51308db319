package io.rtml.monitor.service;

import io.rtml.common.rest.ApiException;
import io.rtml.contracts.event.GroundTruthEvent;
import io.rtml.monitor.rest.GroundTruthRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes labels posted over REST to {@code rtml.ground-truth}, keyed by model, so REST and Kafka
 * producers of labels share one path into the join.
 */
@ApplicationScoped
public class GroundTruthPublisher {

    public static final String CHANNEL = "ground-truth-out";

    private final MutinyEmitter<GroundTruthEvent> emitter;

    public GroundTruthPublisher(@Channel(CHANNEL) MutinyEmitter<GroundTruthEvent> emitter) {
        this.emitter = emitter;
    }

    /** Completes with the number published once Kafka acknowledged every label. */
    public Uni<Integer> publish(GroundTruthRequest request) {
        Instant now = Instant.now();
        AtomicInteger sent = new AtomicInteger();
        int total = request.labels().size();
        return Multi.createFrom().iterable(request.labels())
                .onItem().transformToUniAndConcatenate(l -> {
                    GroundTruthEvent event = new GroundTruthEvent(l.requestId(), l.model(), l.label(),
                            l.time() == null ? now : l.time());
                    return emitter.sendMessage(Message.of(event).addMetadata(
                            OutgoingKafkaRecordMetadata.<String>builder().withKey(l.model()).build()))
                            .invoke(sent::incrementAndGet);
                })
                .collect().last()
                .map(ignored -> sent.get())
                .onFailure().transform(e -> new ApiException(503, "Kafka did not accept the labels: " + sent.get()
                        + " of " + total + " were published; resend the rest (a label sent twice joins once)"));
    }
}
