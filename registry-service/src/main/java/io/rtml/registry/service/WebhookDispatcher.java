package io.rtml.registry.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.rtml.registry.config.RegistryConfig;
import io.rtml.registry.entity.Webhook;
import io.rtml.registry.entity.WebhookAttempt;
import io.rtml.registry.entity.WebhookDelivery;
import io.rtml.registry.repository.WebhookAttemptRepository;
import io.rtml.registry.repository.WebhookDeliveryRepository;
import io.rtml.registry.repository.WebhookRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends due webhook deliveries off the request path. Each run claims a batch in a short transaction
 * (locking the rows and pushing their next attempt past the send timeout, so another replica, or this
 * one after a crash, retries only once that lease is over), posts every body signed with its webhook's
 * secret, and records the attempt and the outcome in a transaction of its own. A 2xx answer is success;
 * anything else is retried after an exponential backoff (initial × 2^(attempt−1), capped), up to the
 * configured attempts, then the delivery is {@code failed}. Delivery is at least once: receivers
 * deduplicate on {@code X-Rtml-Delivery}.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final WebhookDeliveryRepository deliveries;
    private final WebhookAttemptRepository attempts;
    private final WebhookRepository webhooks;
    private final RegistryConfig.Webhooks config;
    private final WebClient http;
    private final MeterRegistry metrics;
    private final AtomicLong pending = new AtomicLong();
    /** The run in progress, if any: shutdown waits for it, so a sent delivery is also recorded as sent. */
    private final AtomicReference<CompletableFuture<Void>> inFlight = new AtomicReference<>(CompletableFuture.completedFuture(null));

    public WebhookDispatcher(WebhookDeliveryRepository deliveries, WebhookAttemptRepository attempts,
                             WebhookRepository webhooks, RegistryConfig config, Vertx vertx, MeterRegistry metrics) {
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.webhooks = webhooks;
        this.config = config.webhooks();
        this.metrics = metrics;
        // No redirects: a receiver's answer is the outcome; following one would send the signed body elsewhere.
        this.http = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setUserAgent("rtml-registry-webhooks"));
        metrics.gauge("rtml_registry_webhook_deliveries_pending", pending);
    }

    /** A claimed delivery with what sending it needs. */
    private record Claimed(long id, String deliveryId, String eventType, String body, String url, String secret,
                           int attempt) {
    }

    /** What one attempt got: an HTTP status, or an error without one. */
    private record Outcome(Instant startedAt, long durationMs, Integer statusCode, String error) {
        boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    @Scheduled(every = "${rtml.registry.webhooks.interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> dispatch() {
        CompletableFuture<Void> run = new CompletableFuture<>();
        inFlight.set(run);
        // Sends run in parallel, but the database work runs one step after another: the reactive
        // session of this run is shared, and it takes one operation at a time.
        return Panache.withTransaction(this::claim)
                .flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().item(List.<Sent>of())
                        : Multi.createFrom().iterable(claimed)
                                .onItem().transformToUniAndMerge(this::send)
                                .collect().asList())
                .flatMap(sent -> sent.isEmpty() ? Uni.createFrom().voidItem()
                        : Panache.withTransaction(() -> Multi.createFrom().iterable(sent)
                                .onItem().transformToUniAndConcatenate(this::record)
                                .collect().last().replaceWithVoid()))
                .call(() -> Panache.withSession(deliveries::countPending).invoke(pending::set))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Webhook dispatch run failed, deliveries stay pending: %s", e.getMessage());
                    return Uni.createFrom().voidItem();
                })
                .eventually(() -> run.complete(null));
    }

    /**
     * Lets a run in progress finish before the database pool closes (at most one send timeout and a
     * little): otherwise a delivery the receiver got is not recorded, and is sent again after the restart.
     */
    void awaitRunOnShutdown(@Observes ShutdownEvent event) {
        try {
            inFlight.get().get(config.timeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.infof("Shutting down while a webhook dispatch run is still going; its deliveries are retried after the restart");
        }
    }

    private Uni<List<Claimed>> claim() {
        Instant now = Instant.now();
        Instant lease = now.plus(config.timeout()).plusSeconds(5);
        return deliveries.lockDue(now, config.batchSize()).flatMap(due -> {
            if (due.isEmpty()) {
                return Uni.createFrom().item(List.of());
            }
            return webhooks.list("id in ?1", due.stream().map(d -> d.webhookId).distinct().toList()).map(hooks -> {
                due.forEach(d -> d.nextAttemptAt = lease);
                return due.stream().map(d -> {
                    Webhook hook = hooks.stream().filter(h -> h.id.equals(d.webhookId)).findFirst().orElseThrow();
                    return new Claimed(d.id, d.deliveryId.toString(), d.eventType, d.body, hook.url, hook.secret,
                            d.attempts + 1);
                }).toList();
            });
        });
    }

    /** A delivery after one attempt. */
    private record Sent(Claimed claimed, Outcome outcome) {
    }

    private Uni<Sent> send(Claimed c) {
        byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        return http.postAbs(c.url())
                .timeout(config.timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader(WebhookSignature.HEADER, WebhookSignature.of(c.secret(), body))
                .putHeader(WebhookSignature.DELIVERY_HEADER, c.deliveryId())
                .putHeader(WebhookSignature.EVENT_HEADER, c.eventType())
                .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(started.getEpochSecond()))
                .putHeader(WebhookSignature.ATTEMPT_HEADER, Integer.toString(c.attempt()))
                .sendBuffer(Buffer.buffer(body))
                .map(response -> new Outcome(started, elapsedMs(t0), response.statusCode(),
                        response.statusCode() >= 200 && response.statusCode() < 300 ? null
                                : "receiver answered " + response.statusCode()))
                .onFailure().recoverWithItem(e -> new Outcome(started, elapsedMs(t0), null, describe(e)))
                .map(outcome -> new Sent(c, outcome));
    }

    private Uni<Void> record(Sent sent) {
        Claimed c = sent.claimed();
        Outcome outcome = sent.outcome();
        return deliveries.findById(c.id()).flatMap(d -> {
            if (d == null) {
                return Uni.createFrom().voidItem(); // the webhook was deleted meanwhile, and its deliveries with it
            }
            WebhookAttempt a = new WebhookAttempt();
            a.deliveryId = c.id();
            a.attempt = c.attempt();
            a.startedAt = outcome.startedAt();
            a.durationMs = outcome.durationMs();
            a.statusCode = outcome.statusCode();
            a.error = outcome.error();
            d.attempts = c.attempt();
            d.lastStatusCode = outcome.statusCode();
            d.lastError = outcome.error();
            String result;
            if (outcome.succeeded()) {
                d.status = WebhookDelivery.SUCCEEDED;
                d.deliveredAt = Instant.now();
                result = "succeeded";
            } else if (c.attempt() >= config.maxAttempts()) {
                d.status = WebhookDelivery.FAILED;
                result = "failed";
                LOG.warnf("Webhook delivery %s to %s failed after %d attempts: %s", c.deliveryId(), c.url(),
                        c.attempt(), outcome.error());
            } else {
                d.nextAttemptAt = Instant.now().plus(backoff(c.attempt(), config.initialBackoff(), config.maxBackoff()));
                result = "retry";
            }
            metrics.counter("rtml_registry_webhook_attempts_total", "outcome", result).increment();
            return attempts.persist(a).replaceWithVoid();
        });
    }

    /** The wait after the {@code attempt}-th failure: initial × 2^(attempt−1), at most {@code max}. */
    static Duration backoff(int attempt, Duration initial, Duration max) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long millis = initial.toMillis() << doublings;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    private static long elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 2000 ? message.substring(0, 2000) : message;
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
