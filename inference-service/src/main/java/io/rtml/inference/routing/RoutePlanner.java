package io.rtml.inference.routing;

import io.rtml.common.rest.ApiException;
import io.rtml.contracts.event.Route;
import io.rtml.contracts.inference.RoutePolicy;
import io.rtml.inference.rest.PredictRequest;
import io.rtml.inference.service.LoadedModel;
import io.rtml.inference.service.ModelManager;
import io.rtml.inference.serving.ServingMetrics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides who answers a predict call of one model. A tenant that follows an alias other than champion gets
 * that alias's version, whatever the route says. The champion's followers (and calls without a tenant) are
 * split by the model's route: a canary sends its share of sticky keys to the challenger, a shadow adds a copy
 * for the challenger. A challenger that cannot be loaded leaves its share to the champion (counted and
 * logged): a rollout never fails a request the champion can answer. Before any of that, the route's holdout share
 * of sticky keys is set aside for the model's fallback policy (no model runs for it), so the monitor can measure
 * the model's KPI uplift; it is the same share on every replica ({@link RoutePolicy#holdoutTakes}).
 */
@ApplicationScoped
public class RoutePlanner {

    private static final Logger LOG = Logger.getLogger(RoutePlanner.class);

    private final ModelManager models;
    private final RouteTable routes;
    private final ServingMetrics metrics;

    public RoutePlanner(ModelManager models, RouteTable routes, ServingMetrics metrics) {
        this.models = models;
        this.routes = routes;
        this.metrics = metrics;
    }

    /** {@code alias} is the one the call's tenant follows, null when the call names no tenant. */
    public Uni<ServingPlan> plan(String model, String alias, PredictRequest request, List<PredictRequest.Instance> instances) {
        if (alias != null && !ModelManager.CHAMPION.equals(alias)) {
            return models.forAlias(model, alias).map(loaded -> ServingPlan.single(loaded,
                    models.isChampion(loaded) ? Route.CHAMPION : Route.CHALLENGER, instances.size(), 0));
        }
        return routes.policy(model).flatMap(policy -> models.champion(model).flatMap(champion -> {
            List<Integer> held = new ArrayList<>();
            List<Integer> served = new ArrayList<>();
            for (int i = 0; i < instances.size(); i++) {
                (policy.holdoutTakes(stickyKey(policy, request, instances.get(i))) ? held : served).add(i);
            }
            if (held.isEmpty()) {
                return route(champion, policy, request, instances);
            }
            ServingPlan.Group holdout = new ServingPlan.Group(champion, Route.HOLDOUT, held, policy.fallback());
            if (served.isEmpty()) {
                return Uni.createFrom().item(new ServingPlan(model, List.of(holdout), 0));
            }
            List<PredictRequest.Instance> rest = served.stream().map(instances::get).toList();
            return route(champion, policy, request, rest).map(plan -> {
                // The plan of the rest numbers its instances 0..; put them back at their places in the call.
                List<ServingPlan.Group> groups = new ArrayList<>();
                for (ServingPlan.Group g : plan.groups()) {
                    groups.add(new ServingPlan.Group(g.loaded(), g.route(),
                            g.indices().stream().map(served::get).toList(), g.fallback()));
                }
                groups.add(holdout);
                return new ServingPlan(model, List.copyOf(groups), plan.shadowChallenger());
            });
        }));
    }

    /**
     * What keeps an instance on its side of the route; null when the call lacks it (then it is never held out: a
     * holdout is only a fair baseline when the same recipients stay in it).
     */
    private static String stickyKey(RoutePolicy policy, PredictRequest request, PredictRequest.Instance instance) {
        String key = policy.stickyBy() == RoutePolicy.StickyBy.TENANT ? request.tenant() : instance.entityKey();
        return key == null || key.isBlank() ? null : key;
    }

    /** The champion, a canary split or a shadow copy for {@code instances} (none of them held out). */
    private Uni<ServingPlan> route(LoadedModel champion, RoutePolicy policy, PredictRequest request,
                                   List<PredictRequest.Instance> instances) {
        return switch (policy.active() ? policy.mode() : RoutePolicy.Mode.OFF) {
            case CANARY -> canary(champion, policy, request, instances);
            case SHADOW -> Uni.createFrom().item(ServingPlan.single(champion, Route.CHAMPION, instances.size(),
                    policy.challenger()));
            case OFF -> Uni.createFrom().item(ServingPlan.single(champion, Route.CHAMPION, instances.size(), 0));
        };
    }

    private Uni<ServingPlan> canary(LoadedModel champion, RoutePolicy policy, PredictRequest request,
                                    List<PredictRequest.Instance> instances) {
        List<Integer> toChallenger = new ArrayList<>();
        List<Integer> toChampion = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            String key = policy.stickyBy() == RoutePolicy.StickyBy.TENANT ? request.tenant() : instances.get(i).entityKey();
            if (key == null || key.isBlank()) {
                return Uni.createFrom().failure(ApiException.badRequest("Model " + champion.model()
                        + " is in a canary that sticks by " + policy.stickyBy().name().toLowerCase()
                        + (policy.stickyBy() == RoutePolicy.StickyBy.TENANT
                        ? ": the request names no tenant" : ": instances[" + i + "] has no entityKey")));
            }
            (policy.canaryTakes(key) ? toChallenger : toChampion).add(i);
        }
        ServingPlan championOnly = ServingPlan.single(champion, Route.CHAMPION, instances.size(), 0);
        if (toChallenger.isEmpty()) {
            return Uni.createFrom().item(championOnly);
        }
        return models.version(champion.model(), policy.challenger())
                .map(challenger -> {
                    List<ServingPlan.Group> groups = new ArrayList<>(2);
                    if (!toChampion.isEmpty()) {
                        groups.add(new ServingPlan.Group(champion, Route.CHAMPION, toChampion));
                    }
                    groups.add(new ServingPlan.Group(challenger, Route.CHALLENGER, toChallenger));
                    return new ServingPlan(champion.model(), List.copyOf(groups), 0);
                })
                .onFailure().recoverWithItem(e -> {
                    metrics.challengerFailure(champion.model(), "load");
                    LOG.warnf("%s: canary v%d could not be loaded (%s); the champion answers its share",
                            champion.model(), policy.challenger(), e.getMessage());
                    return championOnly;
                });
    }

}
