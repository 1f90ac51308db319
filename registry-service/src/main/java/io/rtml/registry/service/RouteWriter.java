package io.rtml.registry.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rtml.contracts.event.LifecycleEventType;
import io.rtml.contracts.inference.FallbackPolicy;
import io.rtml.contracts.inference.RoutePolicy;
import io.rtml.registry.entity.Model;
import io.rtml.registry.entity.ModelRoute;
import io.rtml.registry.entity.ModelVersion;
import io.rtml.registry.repository.ModelRouteRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a model's route row and its {@code route-set} audit row (version = the challenger, 0 when off)
 * in the caller's transaction, under the model-row lock the caller holds. Shared by the route endpoints
 * and by a rollback that lands on the challenger.
 */
@ApplicationScoped
public class RouteWriter {

    private final ModelRouteRepository routes;
    private final LifecycleOutbox outbox;
    private final JsonColumns json;

    public RouteWriter(ModelRouteRepository routes, LifecycleOutbox outbox, JsonColumns json) {
        this.routes = routes;
        this.outbox = outbox;
        this.json = json;
    }

    /** Stores the route ({@code challenger} null for off) and records {@code route-set}. */
    Uni<RoutePolicy> write(Model model, ModelRoute existing, ModelVersion challenger, RoutePolicy.Mode mode, int percent,
                           RoutePolicy.StickyBy stickyBy, int holdoutPercent, String actor, Map<String, Object> details) {
        ModelRoute row = existing != null ? existing : new ModelRoute();
        row.modelId = model.id;
        row.challenger = challenger == null ? null : challenger.version;
        row.mode = wireName(mode);
        row.percent = percent;
        row.stickyBy = wireName(stickyBy);
        row.holdoutPercent = holdoutPercent;
        row.updatedAt = Instant.now();
        row.updatedBy = actor == null || actor.isBlank() ? "anonymous" : actor;
        details.put("mode", row.mode);
        details.put("percent", row.percent);
        details.put("stickyBy", row.stickyBy);
        details.put("holdoutPercent", row.holdoutPercent);
        Uni<ModelRoute> saved = existing != null ? Uni.createFrom().item(row) : routes.persist(row);
        return saved.call(r -> outbox.record(LifecycleEventType.ROUTE_SET, model.name,
                        r.challenger == null ? 0 : r.challenger, null,
                        challenger == null ? null : challenger.artifactSha256, actor, json.write(details)))
                .map(r -> policy(model, r));
    }

    /**
     * Turns a stored route's challenger off, keeping its {@code stickyBy} and its holdout: the holdout is the
     * model's KPI baseline, not part of the rollout, so promoting or aborting a challenger leaves it running.
     */
    Uni<RoutePolicy> turnOff(Model model, ModelRoute existing, String actor, Map<String, Object> details) {
        return write(model, existing, null, RoutePolicy.Mode.OFF, 0,
                wireValue(RoutePolicy.StickyBy.class, existing.stickyBy), existing.holdoutPercent, actor, details);
    }

    /**
     * Turns the route off when champion has just moved onto its challenger (a rollback can land there),
     * so the route never sends traffic from the champion to itself; does nothing otherwise.
     */
    Uni<Void> offWhenChallengerIs(Model model, int champion, String action, String actor) {
        return routes.findById(model.id).flatMap(existing -> existing == null || existing.challenger == null
                || existing.challenger != champion
                ? Uni.createFrom().voidItem()
                : turnOff(model, existing, actor, details(action, existing)).replaceWithVoid());
    }

    /** Audit details of a route change: what was done, and the challenger it replaced, if any. */
    static Map<String, Object> details(String action, ModelRoute existing) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", action);
        if (existing != null && existing.challenger != null) {
            details.put("previousChallenger", existing.challenger);
        }
        return details;
    }

    /** The wire policy of a stored row (null: none set, mode off), carrying the model's declared fallback. */
    RoutePolicy policy(Model model, ModelRoute row) {
        FallbackPolicy fallback = model.fallback == null ? null : json.read(model.fallback, FallbackPolicy.class);
        if (row == null) {
            RoutePolicy off = RoutePolicy.off(model.name);
            return new RoutePolicy(model.name, null, off.mode(), 0, off.stickyBy(), null, null, 0, fallback);
        }
        return new RoutePolicy(model.name, row.challenger, wireValue(RoutePolicy.Mode.class, row.mode), row.percent,
                wireValue(RoutePolicy.StickyBy.class, row.stickyBy), row.updatedAt, row.updatedBy, row.holdoutPercent,
                fallback);
    }

    /** The name a policy enum has on the wire: its {@code @JsonProperty}, defined once in contracts. */
    static String wireName(Enum<?> value) {
        try {
            JsonProperty property = value.getDeclaringClass().getField(value.name()).getAnnotation(JsonProperty.class);
            return property == null ? value.name() : property.value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The enum constant with that wire name, or null. */
    static <E extends Enum<E>> E wireValue(Class<E> type, String wire) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> wireName(e).equals(wire)).findFirst().orElse(null);
    }
}
