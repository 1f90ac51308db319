package io.rtml.monitor.value;

import io.rtml.common.rest.ApiException;
import io.rtml.contracts.event.OutcomeEvent;
import io.rtml.monitor.rest.OutcomeRequest;
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
 * Publishes outcomes posted over REST to {@code rtml.outcomes}, keyed by model, so REST and Kafka producers share
 * one path into the outcome join. A broker that is away fails the call with a 503 and Retry-After.
 */
@ApplicationScoped
public class OutcomePublisher {

    public static final String CHANNEL = "outcomes-out";

    private final MutinyEmitter<OutcomeEvent> emitter;

    public OutcomePublisher(@Channel(CHANNEL) MutinyEmitter<OutcomeEvent> emitter) {
        this.emitter = emitter;
    }

    /** Completes with the number published once Kafka acknowledged every outcome. */
    public Uni<Integer> publish(OutcomeRequest request) {
        Instant now = Instant.now();
        AtomicInteger sent = new AtomicInteger();
        int total = request.outcomes().size();
        return Multi.createFrom().iterable(request.outcomes())
                .onItem().transformToUniAndConcatenate(o -> emitter.sendMessage(Message.of(new OutcomeEvent(o.requestId(),
                                o.model(), o.opened(), o.clicked(), o.revenue(), o.occurredAt() == null ? now : o.occurredAt()))
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(o.model()).build()))
                        .invoke(sent::incrementAndGet))
                .collect().last()
                .map(ignored -> sent.get())
                .onFailure().transform(e -> new ApiException(503, "Kafka did not accept the outcomes: " + sent.get()
                        + " of " + total + " were published; resend the rest (an outcome sent twice counts once)"));
    }
}
