package io.rtml.registry.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.event.LifecycleEventType;
import io.rtml.registry.entity.LifecycleEventRow;
import io.rtml.registry.entity.Webhook;
import io.rtml.registry.entity.WebhookAttempt;
import io.rtml.registry.entity.WebhookDelivery;
import io.rtml.registry.repository.WebhookAttemptRepository;
import io.rtml.registry.repository.WebhookDeliveryRepository;
import io.rtml.registry.repository.WebhookRepository;
import io.rtml.registry.rest.CreateWebhookRequest;
import io.rtml.registry.rest.DeliveryView;
import io.rtml.registry.rest.WebhookView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Webhooks and their deliveries. A delivery is created for every matching webhook in the transaction
 * that records the lifecycle event ({@link #enqueue}, called by the outbox), so a committed change
 * always has its deliveries and a request never waits for a receiver; {@link WebhookDispatcher} sends them.
 */
@ApplicationScoped
public class WebhookService {

    public static final String ALL_EVENTS = "*";
    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;

    private final WebhookRepository webhooks;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookAttemptRepository attempts;
    private final JsonColumns json;

    public WebhookService(WebhookRepository webhooks, WebhookDeliveryRepository deliveries,
                          WebhookAttemptRepository attempts, JsonColumns json) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.json = json;
    }

    /** The body every delivery carries; signed as sent. */
    record Payload(UUID deliveryId, long webhookId, long eventId, String type, String model, int version,
                   String alias, String sha256, String actor, Instant time, JsonNode details) {
    }

    @WithTransaction
    public Uni<WebhookView> create(CreateWebhookRequest request, String actor) {
        List<String> events = check(request);
        Webhook hook = new Webhook();
        hook.url = request.url().trim();
        hook.events = json.write(events);
        hook.secret = request.secret();
        hook.description = request.description();
        hook.createdBy = actor == null || actor.isBlank() ? "anonymous" : actor;
        hook.createdAt = Instant.now();
        return webhooks.persist(hook).map(this::view);
    }

    @WithSession
    public Uni<List<WebhookView>> list() {
        return webhooks.allInOrder().map(list -> list.stream().map(this::view).toList());
    }

    @WithSession
    public Uni<WebhookView> get(long id) {
        return require(id).map(this::view);
    }

    /** Deletes the webhook with its deliveries and their attempts; pending ones are not sent. */
    @WithTransaction
    public Uni<Void> delete(long id) {
        return require(id).flatMap(webhooks::delete);
    }

    /** A webhook's deliveries, newest first, each with every attempt. */
    @WithSession
    public Uni<List<DeliveryView>> deliveries(long id, int limit) {
        return require(id).flatMap(hook -> deliveries.history(hook.id, limit))
                .flatMap(rows -> attempts.forDeliveries(rows.stream().map(d -> d.id).toList()).map(tries -> {
                    Map<Long, List<DeliveryView.Attempt>> byDelivery = tries.stream().collect(Collectors.groupingBy(
                            a -> a.deliveryId, Collectors.mapping(WebhookService::attemptView, Collectors.toList())));
                    return rows.stream().map(d -> new DeliveryView(d.deliveryId, d.eventId, d.eventType, d.modelName,
                            d.version, d.status, d.attempts, WebhookDelivery.PENDING.equals(d.status) ? d.nextAttemptAt : null,
                            d.lastStatusCode, d.lastError, d.createdAt, d.deliveredAt,
                            byDelivery.getOrDefault(d.id, List.of()))).toList();
                }));
    }

    /**
     * Creates a pending delivery of {@code event} for every webhook that wants its type. Runs inside the
     * transaction that recorded the event; sends nothing.
     */
    Uni<Void> enqueue(LifecycleEventRow event) {
        return webhooks.allInOrder().flatMap(all -> {
            List<WebhookDelivery> rows = new ArrayList<>();
            for (Webhook hook : all) {
                if (!wants(hook, event.type)) {
                    continue;
                }
                WebhookDelivery d = new WebhookDelivery();
                d.deliveryId = UUID.randomUUID();
                d.webhookId = hook.id;
                d.eventId = event.id;
                d.eventType = event.type;
                d.modelName = event.modelName;
                d.version = event.version;
                d.body = json.write(new Payload(d.deliveryId, hook.id, event.id, event.type, event.modelName,
                        event.version, event.alias, event.sha256, event.actor, event.createdAt, json.tree(event.details)));
                d.status = WebhookDelivery.PENDING;
                d.createdAt = event.createdAt;
                d.nextAttemptAt = event.createdAt;
                rows.add(d);
            }
            return rows.isEmpty() ? Uni.createFrom().voidItem() : deliveries.persist(rows);
        });
    }

    private boolean wants(Webhook hook, String type) {
        List<String> events = json.read(hook.events, new TypeReference<List<String>>() { });
        return events.contains(ALL_EVENTS) || events.contains(type);
    }

    private Uni<Webhook> require(long id) {
        return webhooks.findById(id).map(hook -> {
            if (hook == null) {
                throw ApiException.notFound("Webhook " + id + " does not exist");
            }
            return hook;
        });
    }

    /** Every problem of the body as one 400; the event list as stored (sorted, without repeats). */
    private static List<String> check(CreateWebhookRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A body {\"url\", \"events\", \"secret\"} is required");
        }
        List<String> problems = new ArrayList<>();
        if (request.url() == null || request.url().isBlank()) {
            problems.add("url is required: an absolute http or https URL");
        } else {
            String problem = urlProblem(request.url().trim());
            if (problem != null) {
                problems.add(problem);
            }
        }
        Set<String> known = knownEvents();
        TreeSet<String> events = new TreeSet<>();
        if (request.events() == null || request.events().isEmpty()) {
            problems.add("events is required: a list of " + known + " or [\"*\"] for every type");
        } else {
            for (String e : request.events()) {
                if (e == null || !(ALL_EVENTS.equals(e) || known.contains(e))) {
                    problems.add("events entry '" + e + "' is not a lifecycle event type: one of " + known + " or \"*\"");
                } else {
                    events.add(e);
                }
            }
        }
        if (request.secret() == null || request.secret().length() < MIN_SECRET || request.secret().length() > MAX_SECRET) {
            problems.add("secret is required: " + MIN_SECRET + "-" + MAX_SECRET + " characters, the HMAC key deliveries are signed with");
        }
        if (request.description() != null && request.description().length() > 2000) {
            problems.add("description must be at most 2000 characters");
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "Webhook is invalid: " + String.join("; ", problems), problems);
        }
        return events.contains(ALL_EVENTS) ? List.of(ALL_EVENTS) : List.copyOf(events);
    }

    private static String urlProblem(String url) {
        if (url.length() > 2048) {
            return "url must be at most 2048 characters";
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase())
                    || uri.getHost() == null) {
                return "url must be an absolute http or https URL with a host, not '" + url + "'";
            }
            if (uri.getUserInfo() != null) {
                return "url must not carry credentials; deliveries are authenticated by their signature";
            }
            return null;
        } catch (URISyntaxException e) {
            return "url is not a valid URL: " + e.getMessage();
        }
    }

    static Set<String> knownEvents() {
        return Arrays.stream(LifecycleEventType.values()).map(LifecycleOutbox::wireName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private WebhookView view(Webhook hook) {
        return new WebhookView(hook.id, hook.url, json.read(hook.events, new TypeReference<List<String>>() { }),
                hook.description, hook.createdBy, hook.createdAt);
    }

    private static DeliveryView.Attempt attemptView(WebhookAttempt a) {
        return new DeliveryView.Attempt(a.attempt, a.startedAt, a.durationMs, a.statusCode, a.error);
    }
}
