package io.rtml.inference.routing;

import io.rtml.contracts.event.Route;
import io.rtml.contracts.inference.FallbackPolicy;
import io.rtml.inference.rest.PredictRequest;
import io.rtml.inference.service.LoadedModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Which loaded version answers which instances of one model's call: one group for most calls, two when a
 * canary splits the instances' sticky keys. {@code shadowChallenger} (0 for none) is the version that scores a
 * copy of the call off the request path after the champion answered.
 */
public record ServingPlan(String model, List<Group> groups, int shadowChallenger) {

    /**
     * Instances {@code indices} (positions in the call) are answered by {@code loaded}, labelled {@code route}; for
     * the holdout ({@code fallback} set) by the fallback policy instead, {@code loaded} naming the champion they
     * were held out from.
     */
    public record Group(LoadedModel loaded, Route route, List<Integer> indices, FallbackPolicy fallback) {

        public Group(LoadedModel loaded, Route route, List<Integer> indices) {
            this(loaded, route, indices, null);
        }

        /** True for the holdout: no model runs for these instances. */
        public boolean heldOut() {
            return route == Route.HOLDOUT;
        }

        public List<PredictRequest.Instance> pick(List<PredictRequest.Instance> instances) {
            List<PredictRequest.Instance> out = new ArrayList<>(indices.size());
            for (int i : indices) {
                out.add(instances.get(i));
            }
            return out;
        }
    }

    /** Every instance to one version. */
    public static ServingPlan single(LoadedModel loaded, Route route, int instances, int shadowChallenger) {
        List<Integer> all = new ArrayList<>(instances);
        for (int i = 0; i < instances; i++) {
            all.add(i);
        }
        return new ServingPlan(loaded.model(), List.of(new Group(loaded, route, all)), shadowChallenger);
    }

    /** The version the response names: the champion's group when there is one. */
    public LoadedModel primary() {
        return groups.stream().filter(g -> g.route() == Route.CHAMPION).findFirst().orElse(groups.get(0)).loaded();
    }

    /**
     * The one group's route; {@code canary} when a canary split the call, {@code split} when only the holdout did
     * (each prediction names its own route).
     */
    public String routeName() {
        if (groups.size() == 1) {
            return groups.get(0).route().name().toLowerCase();
        }
        return groups.stream().anyMatch(g -> g.route() == Route.CHALLENGER) ? "canary" : "split";
    }
}
