package io.rtml.inference.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rtml.common.rest.ApiException;
import io.rtml.common.security.Caller;
import io.rtml.inference.client.RegistryTenantClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A tenant token may use only the models its tenant subscribes to (its bundle in the registry). The
 * bundle is read with the service token and kept for {@code rtml.inference.tenant-bundle-ttl}, so a
 * new or dropped subscription applies within that time on every replica, and the predict path asks
 * the registry at most once per tenant per TTL. Callers with any other role are not restricted here.
 */
@ApplicationScoped
public class TenantAccess {

    private static final int MAX_TENANTS = 100_000;

    private final RegistryTenantClient registry;
    private final Cache<String, Set<String>> bundles;

    public TenantAccess(@RestClient RegistryTenantClient registry,
                        @ConfigProperty(name = "rtml.inference.tenant-bundle-ttl", defaultValue = "30s") Duration ttl) {
        this.registry = registry;
        this.bundles = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_TENANTS).build();
    }

    /** Completes when {@code caller} may use {@code model}; else fails with 403 naming the tenant and model. */
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
        return bundle(tenant).map(models -> {
            if (!models.contains(model)) {
                throw ApiException.forbidden("Tenant '" + tenant + "' does not subscribe to model '" + model + "'");
            }
            return null;
        });
    }

    private Uni<Set<String>> bundle(String tenant) {
        Set<String> known = bundles.getIfPresent(tenant);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return registry.subscriptions(tenant)
                .map(list -> list.stream().map(RegistryTenantClient.Subscription::model).collect(Collectors.toUnmodifiableSet()))
                .onFailure(WebApplicationException.class).transform(e -> {
                    int status = ((WebApplicationException) e).getResponse().getStatus();
                    return status == 404
                            ? ApiException.forbidden("Tenant '" + tenant + "' is not registered")
                            : ApiException.unavailable("The registry could not say which models tenant '" + tenant
                                    + "' subscribes to (HTTP " + status + ")", Duration.ofSeconds(5));
                })
                .invoke(models -> bundles.put(tenant, models));
    }
}
