package io.rtml.inference.routing;

import io.rtml.contracts.inference.RoutePolicy;
import io.rtml.inference.client.RegistryClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The route policy this replica applies per model: read from the registry on a model's first request,
 * read again when a {@code route-set} or champion event names the model, and at the latest after
 * {@code rtml.inference.route-refresh} in case an event was missed. Every replica reads the same
 * registry row and splits with the same {@link RoutePolicy#bucketOf}, so they agree. When the registry
 * cannot be read the last policy known stays in force; with none known yet the champion answers alone
 * (a rollout never starts by accident) and the next request asks again.
 */
@ApplicationScoped
public class RouteTable {

    private static final Logger LOG = Logger.getLogger(RouteTable.class);
    private static final long RETRY_NANOS = Duration.ofSeconds(5).toNanos();

    private final RegistryClient registry;
    private final long refreshNanos;
    private final Map<String, Known> policies = new ConcurrentHashMap<>();

    public RouteTable(@RestClient RegistryClient registry,
                      @ConfigProperty(name = "rtml.inference.route-refresh", defaultValue = "60s") Duration refresh) {
        this.registry = registry;
        this.refreshNanos = refresh.toNanos();
    }

    /** The policy for {@code model} now; never fails (see the class comment). */
    public Uni<RoutePolicy> policy(String model) {
        Known known = policies.get(model);
        if (known != null && System.nanoTime() < known.validUntilNanos()) {
            return Uni.createFrom().item(known.policy());
        }
        return read(model).onFailure().recoverWithItem(e -> {
            LOG.warnf("Route of %s could not be read from the registry (%s); %s", model, e.getMessage(),
                    known == null ? "the champion answers alone until it can" : "the last route read stays in force");
            RoutePolicy kept = known == null ? RoutePolicy.off(model) : known.policy();
            // Ask again after a short pause, not on every request while the registry is away.
            policies.put(model, new Known(kept, System.nanoTime() + RETRY_NANOS));
            return kept;
        });
    }

    /** What this replica applies now, without asking the registry ({@code GET /api/v1/routes/{m}}). */
    public RoutePolicy current(String model) {
        Known known = policies.get(model);
        return known == null ? RoutePolicy.off(model) : known.policy();
    }

    /** Reads {@code model}'s policy again now (a lifecycle event named it). */
    public Uni<RoutePolicy> refresh(String model) {
        return read(model);
    }

    private Uni<RoutePolicy> read(String model) {
        return registry.route(model)
                // The registry does not know the model: nothing to split (the champion lookup answers the 404).
                .onFailure(e -> e instanceof WebApplicationException w && w.getResponse().getStatus() == 404)
                .recoverWithItem(() -> RoutePolicy.off(model))
                .invoke(policy -> {
                    RoutePolicy before = current(model);
                    policies.put(model, new Known(policy, System.nanoTime() + refreshNanos));
                    if (!policy.equals(before)) {
                        LOG.infof("%s: route %s%s%s", model, policy.mode(), policy.active()
                                ? " to v" + policy.challenger() + (policy.mode() == RoutePolicy.Mode.CANARY ? " at " + policy.percent() + " %" : "")
                                : "", policy.holdoutPercent() > 0
                                ? ", holdout " + policy.holdoutPercent() + " % answered by the fallback" : "");
                    }
                });
    }

    private record Known(RoutePolicy policy, long validUntilNanos) {
    }
}
