package io.rtml.monitor.service;

import io.quarkus.scheduler.Scheduled;
import io.rtml.contracts.ModelAliases;
import io.rtml.contracts.inference.RoutePolicy;
import io.rtml.monitor.client.RegistryClient;
import io.rtml.monitor.config.MonitorConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which versions of a model serve traffic now, as the registry says: the version its {@code champion}
 * alias points at and, while its route is active (shadow or canary), the route's challenger. Alert
 * rules, reports without a {@code version} and the dashboard follow these, never "the newest version
 * seen" (a newly registered version may get traffic from a shadow test long before it serves).
 *
 * <p>Answers are kept per model and refreshed every {@code rtml.monitor.serving.refresh} for every model
 * asked about; a failed refresh keeps the last answer (a registry outage does not make rules lose their
 * version), and a model never answered for is retried on the next ask.
 */
@ApplicationScoped
public class ServingVersions {

    private static final Logger LOG = Logger.getLogger(ServingVersions.class);

    /**
     * What serves a model.
     *
     * @param champion   the champion's version; null when the registry knows the model but it has no champion
     * @param challenger the active route's challenger; null when the route is off
     * @param error      why the last refresh failed (the numbers are then the last known ones), or null
     */
    public record Serving(Integer champion, Integer challenger, Instant fetchedAt, String error) {
    }

    private final RegistryClient registry;
    private final Duration refresh;
    private final Map<String, Serving> known = new ConcurrentHashMap<>();
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    public ServingVersions(@RestClient RegistryClient registry, MonitorConfig config) {
        this.registry = registry;
        this.refresh = config.serving().refresh();
    }

    /**
     * What serves {@code model}: the cached answer while fresh, else the registry's answer now. Fails with
     * the reason only when the registry has never answered for the model.
     */
    public Uni<Serving> of(String model) {
        asked.add(model);
        Serving cached = known.get(model);
        if (cached != null && cached.fetchedAt().plus(refresh).isAfter(Instant.now())) {
            return Uni.createFrom().item(cached);
        }
        return fetch(model);
    }

    /** The last answer for {@code model}, however old, if there was one. */
    public Serving cached(String model) {
        return known.get(model);
    }

    @Scheduled(every = "${rtml.monitor.serving.refresh:30s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshAll() {
        if (asked.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(asked.stream().map(m -> fetch(m).onFailure().recoverWithNull()).toList())
                .usingConcurrencyOf(4).andCollectFailures().replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Serving> fetch(String model) {
        return read(model)
                .invoke(s -> {
                    Serving before = known.put(model, s);
                    if (before != null && before.error() != null) {
                        LOG.infof("The registry answers for model '%s' again: champion %s, challenger %s", model,
                                s.champion(), s.challenger());
                    }
                })
                .onFailure().recoverWithUni(e -> {
                    String reason = BaselineService.describe(e);
                    Serving last = known.get(model);
                    if (last == null) {
                        return Uni.createFrom().failure(new IllegalStateException(
                                "the versions serving model '" + model + "' are not known yet (" + reason + ")"));
                    }
                    if (last.error() == null) {
                        LOG.warnf("Could not refresh what serves model '%s' (%s); keeping champion %s, challenger %s",
                                model, reason, last.champion(), last.challenger());
                    }
                    Serving stale = new Serving(last.champion(), last.challenger(), Instant.now(), reason);
                    known.put(model, stale);
                    return Uni.createFrom().item(stale);
                });
    }

    /**
     * One read of the aliases and the route (each bounded by the registry client's read timeout); a model
     * the registry does not know has no champion.
     */
    private Uni<Serving> read(String model) {
        Uni<Map<String, Integer>> aliases = registry.aliases(model).onFailure(ServingVersions::notFound)
                .recoverWithItem(Map.of());
        Uni<RoutePolicy> route = registry.route(model).onFailure(ServingVersions::notFound)
                .recoverWithItem(RoutePolicy.off(model));
        return Uni.combine().all().unis(aliases, route).asTuple().map(t -> new Serving(
                t.getItem1().get(ModelAliases.CHAMPION),
                t.getItem2().active() ? t.getItem2().challenger() : null,
                Instant.now(), null));
    }

    private static boolean notFound(Throwable e) {
        return e instanceof WebApplicationException w && w.getResponse() != null && w.getResponse().getStatus() == 404;
    }
}
