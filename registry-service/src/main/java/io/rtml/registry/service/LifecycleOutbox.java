package io.rtml.registry.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.rtml.contracts.event.LifecycleEventType;
import io.rtml.contracts.event.ModelLifecycleEvent;
import io.rtml.registry.config.RegistryConfig;
import io.rtml.registry.entity.LifecycleEventRow;
import io.rtml.registry.repository.LifecycleEventRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes lifecycle events into the audit log inside the caller's transaction, and relays unpublished
 * rows to {@code rtml.model-lifecycle} in order. A Kafka outage leaves rows unpublished (visible as
 * {@code rtml_registry_outbox_pending}); the next run after the broker returns sends them.
 */
@ApplicationScoped
public class LifecycleOutbox {

    public static final String CHANNEL = "model-lifecycle";
    private static final Logger LOG = Logger.getLogger(LifecycleOutbox.class);

    private final LifecycleEventRepository events;
    private final WebhookService webhooks;
    private final MutinyEmitter<ModelLifecycleEvent> emitter;
    private final RegistryConfig config;
    private final JsonColumns json;
    private final Counter publishFailures;
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean failing;

    public LifecycleOutbox(LifecycleEventRepository events, WebhookService webhooks,
                           @Channel(CHANNEL) MutinyEmitter<ModelLifecycleEvent> emitter,
                           RegistryConfig config,
                           JsonColumns json,
                           MeterRegistry metrics) {
        this.events = events;
        this.webhooks = webhooks;
        this.emitter = emitter;
        this.config = config;
        this.json = json;
        this.publishFailures = metrics.counter("rtml_registry_outbox_publish_failures_total");
        metrics.gauge("rtml_registry_outbox_pending", pending);
    }

    /**
     * Adds an audit row and the webhook deliveries it owes; must run inside the transaction that made
     * the change, so the change, its event and its deliveries commit or vanish together.
     */
    public Uni<LifecycleEventRow> record(LifecycleEventType type, String model, int version, String alias,
                                         String sha256, String actor, String detailsJson) {
        LifecycleEventRow row = new LifecycleEventRow();
        row.modelName = model;
        row.type = wireName(type);
        row.version = version;
        row.alias = alias;
        row.sha256 = sha256;
        row.actor = actor == null || actor.isBlank() ? "anonymous" : actor;
        row.details = detailsJson;
        row.createdAt = Instant.now();
        return events.persist(row).call(webhooks::enqueue);
    }

    /**
     * Skipped until the application has started: the scheduler fires its first run before start-up ends,
     * and creating this bean then injects the emitter before Reactive Messaging has wired its channel
     * (SRMSG00019 "Unable to connect an emitter with the channel model-lifecycle").
     */
    @Scheduled(every = "${rtml.registry.outbox.interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @WithSession
    Uni<Void> relay() {
        return events.unpublished(config.outbox().batchSize())
                .onItem().transformToUni(rows -> {
                    pending.set(rows.size());
                    return Multi.createFrom().iterable(rows)
                            .onItem().transformToUniAndConcatenate(this::publish)
                            .collect().last()
                            .replaceWithVoid();
                })
                .onFailure().recoverWithUni(e -> {
                    publishFailures.increment();
                    if (!failing) {
                        LOG.warnf("Lifecycle events are waiting in the outbox; Kafka publish failed: %s", e.getMessage());
                    }
                    failing = true;
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> publish(LifecycleEventRow row) {
        ModelLifecycleEvent event = new ModelLifecycleEvent(typeOf(row.type), row.modelName, row.version, row.alias,
                row.sha256, row.actor, row.createdAt, tenantOf(row));
        Message<ModelLifecycleEvent> message = Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(row.modelName).build());
        return emitter.sendMessage(message)
                .call(() -> markPublished(row.id))
                .invoke(() -> {
                    pending.decrementAndGet();
                    if (failing) {
                        LOG.info("Kafka is reachable again; relaying lifecycle events from the outbox");
                        failing = false;
                    }
                });
    }

    /** The tenant a subscription-set row is about (kept in its details); null for every other event. */
    private String tenantOf(LifecycleEventRow row) {
        if (!wireName(LifecycleEventType.SUBSCRIPTION_SET).equals(row.type) || row.details == null) {
            return null;
        }
        JsonNode tenant = json.tree(row.details).path("tenant");
        return tenant.isTextual() ? tenant.asText() : null;
    }

    @WithTransaction
    Uni<Integer> markPublished(long id) {
        return events.markPublished(id, Instant.now());
    }

    public static String wireName(LifecycleEventType type) {
        return type.name().toLowerCase().replace('_', '-');
    }

    static LifecycleEventType typeOf(String wireName) {
        return Arrays.stream(LifecycleEventType.values())
                .filter(t -> wireName(t).equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown lifecycle event type " + wireName));
    }
}
