package io.rtml.inference.messaging;

import io.rtml.contracts.event.LifecycleEventType;
import io.rtml.contracts.event.ModelLifecycleEvent;
import io.rtml.inference.routing.RouteTable;
import io.rtml.inference.security.TenantAccess;
import io.rtml.inference.service.ModelManager;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Hears the registry: when {@code champion} moves (alias-set or rolled-back), loads and warms the
 * new version, then switches. A version that fails to load leaves the old champion serving. Another
 * alias moving changes what its followers are served from the next request on. A {@code route-set}
 * event makes {@link RouteTable} read the model's route again, a {@code subscription-set} event makes
 * {@link TenantAccess} read that tenant's bundle again.
 */
@ApplicationScoped
public class LifecycleListener {

    public static final String CHANNEL = "model-lifecycle";
    private static final Logger LOG = Logger.getLogger(LifecycleListener.class);

    private final ModelManager models;
    private final RouteTable routes;
    private final TenantAccess tenants;

    public LifecycleListener(ModelManager models, RouteTable routes, TenantAccess tenants) {
        this.models = models;
        this.routes = routes;
        this.tenants = tenants;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onEvent(ModelLifecycleEvent event) {
        if (event.type() == LifecycleEventType.ROUTE_SET || event.type() == LifecycleEventType.KPI_SET) {
            // Read the policy itself from the registry: the event says only that it changed (the route carries the
            // model's fallback policy, which kpi-set changes).
            return routes.refresh(event.model()).onFailure().recoverWithItem(e -> {
                LOG.warnf("%s: route changed but could not be read (%s); the next request asks again", event.model(), e.getMessage());
                return null;
            }).replaceWithVoid();
        }
        if (event.type() == LifecycleEventType.SUBSCRIPTION_SET) {
            tenants.subscriptionsChanged(event.tenant());
            return Uni.createFrom().voidItem();
        }
        boolean aliasMoved = event.alias() != null
                && (event.type() == LifecycleEventType.ALIAS_SET || event.type() == LifecycleEventType.ROLLED_BACK);
        if (!aliasMoved) {
            return Uni.createFrom().voidItem();
        }
        if (!ModelManager.CHAMPION.equals(event.alias())) {
            models.aliasMoved(event.model(), event.alias(), event.version());
            return Uni.createFrom().voidItem();
        }
        LOG.infof("%s: champion set to v%d by %s; loading it", event.model(), event.version(), event.actor());
        return models.switchChampion(event.model(), event.version())
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf("%s v%d could not be switched in; the previous champion keeps serving: %s",
                            event.model(), event.version(), e.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }
}
