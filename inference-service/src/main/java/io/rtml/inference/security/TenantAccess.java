package io.rtml.inference.security;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rtml.common.rest.ApiException;
import io.rtml.common.security.Caller;
import io.rtml.inference.client.RegistryTenantClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * This replica's copy of each tenant's bundle: the models it subscribes to and the alias of each it follows.
 * A tenant is read from the registry (with the service token) on its first request; after that no request
 * waits on the registry: a {@code subscription-set} event re-reads the tenant in the background, and so does
 * a request after {@code rtml.inference.tenant-bundle-ttl} (answered meanwhile from the copy). A copy older
 * than {@code rtml.inference.tenant-bundle-max-stale} (the registry away that long) is dropped, and the
 * tenant's requests wait for the registry again. An unknown tenant is remembered as unknown the same way.
 */
@ApplicationScoped
public class TenantAccess {

    private static final Logger LOG = Logger.getLogger(TenantAccess.class);
    private static final int MAX_TENANTS = 100_000;

    private final RegistryTenantClient registry;
    private final AsyncLoadingCache<String, Bundle> bundles;

    /** A tenant's subscriptions (model → followed alias); {@code registered} false for a tenant the registry does not know. */
    private record Bundle(boolean registered, Map<String, String> aliasByModel) {

        static final Bundle UNKNOWN = new Bundle(false, Map.of());
    }

    public TenantAccess(@RestClient RegistryTenantClient registry,
                        @ConfigProperty(name = "rtml.inference.tenant-bundle-ttl", defaultValue = "30s") Duration ttl,
                        @ConfigProperty(name = "rtml.inference.tenant-bundle-max-stale", defaultValue = "10m") Duration maxStale) {
        this.registry = registry;
        this.bundles = Caffeine.newBuilder()
                .maximumSize(MAX_TENANTS)
                .refreshAfterWrite(ttl)
                .expireAfterWrite(maxStale.compareTo(ttl) > 0 ? maxStale : ttl.multipliedBy(2))
                .buildAsync((tenant, executor) -> read(tenant));
    }

    /** For endpoints that take no tenant of their own: a tenant token may use only models of its bundle. */
    public Uni<Void> requireSubscribed(Caller caller, String model) {
        if (!caller.tenantScoped()) {
            return Uni.createFrom().voidItem();
        }
        String tenant;
        try {
            tenant = caller.ownTenant();
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        return followedAlias(tenant, model).replaceWithVoid();
    }

    /**
     * The alias of {@code model} that {@code tenant} follows, so its predictions come from the version that
     * alias points at; null when no tenant is named. An unknown tenant fails with 404, a tenant whose bundle
     * lacks the model with 403 naming both.
     */
    public Uni<String> followedAlias(String tenant, String model) {
        if (tenant == null || tenant.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        return subscriptions(tenant).map(bundle -> {
            String alias = bundle.get(model);
            if (alias == null) {
                throw ApiException.forbidden("Tenant '" + tenant + "' does not subscribe to model '" + model + "'");
            }
            return alias;
        });
    }

    /** The models {@code tenant} subscribes to and the alias of each it follows; 404 for an unknown tenant. */
    public Uni<Map<String, String>> subscriptions(String tenant) {
        return Uni.createFrom().completionStage(() -> bundles.get(tenant)).map(bundle -> {
            if (!bundle.registered()) {
                throw ApiException.notFound("Tenant '" + tenant + "' is not registered");
            }
            return bundle.aliasByModel();
        });
    }

    /** The registry changed {@code tenant}'s subscriptions: re-read its copy in the background, if there is one. */
    public void subscriptionsChanged(String tenant) {
        if (tenant != null && bundles.getIfPresent(tenant) != null) {
            bundles.synchronous().refresh(tenant);
        }
    }

    private CompletableFuture<Bundle> read(String tenant) {
        return registry.subscriptions(tenant)
                .map(list -> new Bundle(true, list.stream().collect(Collectors.toUnmodifiableMap(
                        RegistryTenantClient.Subscription::model, RegistryTenantClient.Subscription::followedAlias))))
                .onFailure(WebApplicationException.class).recoverWithUni(e -> {
                    int status = ((WebApplicationException) e).getResponse().getStatus();
                    if (status == 404) {
                        return Uni.createFrom().item(Bundle.UNKNOWN);
                    }
                    LOG.warnf("The registry answered %d for the subscriptions of tenant %s", status, tenant);
                    return Uni.createFrom().failure(ApiException.unavailable("The registry could not say which models tenant '"
                            + tenant + "' subscribes to (HTTP " + status + ")", Duration.ofSeconds(5)));
                })
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> ApiException.unavailable(
                        "The registry is unreachable, so the models tenant '" + tenant + "' subscribes to are unknown ("
                                + e.getMessage() + ")", Duration.ofSeconds(5)))
                .subscribeAsCompletionStage();
    }
}
