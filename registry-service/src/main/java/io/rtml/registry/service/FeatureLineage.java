package io.rtml.registry.service;

import io.rtml.common.rest.ApiException;
import io.rtml.contracts.FeatureRef;
import io.rtml.contracts.inference.OipDatatype;
import io.rtml.registry.client.FeatureStoreCalls;
import io.rtml.registry.client.FeatureViewInfo;
import io.rtml.registry.rest.Signature;
import io.rtml.registry.rest.TensorSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a version's {@code featureRefs} against the feature store as it is now: the view exists, it
 * has the feature, and the signature input named after the feature takes the feature's type
 * ({@link OipDatatype#accepts}). Registration runs it (400 on any problem), and so does the champion
 * gate, because views can change between the two. The feature store unreachable is a 503 from
 * {@link FeatureStoreCalls}: nothing is decided without it.
 */
@ApplicationScoped
public class FeatureLineage {

    private final FeatureStoreCalls featureStore;

    public FeatureLineage(FeatureStoreCalls featureStore) {
        this.featureStore = featureStore;
    }

    /** One featureRef as the feature store declares it. */
    public record ResolvedFeature(String view, String feature, String type) {
    }

    /** What the check found: the problems (each naming its {@code featureRefs[i]}) and the features resolved. */
    public record Result(List<String> problems, List<ResolvedFeature> features) {
    }

    /**
     * @param refs featureRefs as registered; entries that do not parse as {@code view:feature} are skipped
     *             (the syntax check reports them)
     */
    public Uni<Result> check(List<String> refs, Signature signature) {
        if (refs == null || refs.isEmpty()) {
            return Uni.createFrom().item(new Result(List.of(), List.of()));
        }
        List<FeatureRef> parsed = new ArrayList<>();
        for (String ref : refs) {
            parsed.add(parse(ref));
        }
        List<String> views = new ArrayList<>(new LinkedHashSet<>(parsed.stream()
                .filter(r -> r != null).map(FeatureRef::view).toList()));
        if (views.isEmpty()) {
            return Uni.createFrom().item(new Result(List.of(), List.of()));
        }
        List<Uni<Optional<FeatureViewInfo>>> calls = views.stream().map(featureStore::view).toList();
        return Uni.join().all(calls).andFailFast().map(answers -> {
            Map<String, Optional<FeatureViewInfo>> byName = new LinkedHashMap<>();
            for (int i = 0; i < views.size(); i++) {
                byName.put(views.get(i), answers.get(i));
            }
            return resolve(refs, parsed, byName, signature);
        });
    }

    /** The gate's {@code feature-refs} check: passes when every featureRef still resolves and fits the signature. */
    public Uni<GateReport.Check> gateCheck(List<String> refs, Signature signature) {
        return check(refs, signature).map(result -> result.problems().isEmpty()
                ? new GateReport.Check("feature-refs", true, (refs == null ? 0 : refs.size())
                        + " feature refs exist in the feature store with types the signature takes")
                : new GateReport.Check("feature-refs", false, String.join("; ", result.problems())));
    }

    private static Result resolve(List<String> refs, List<FeatureRef> parsed, Map<String, Optional<FeatureViewInfo>> views,
                                  Signature signature) {
        Map<String, String> inputTypes = new LinkedHashMap<>();
        if (signature != null && signature.inputs() != null) {
            for (TensorSpec t : signature.inputs()) {
                if (t != null && t.name() != null) {
                    inputTypes.put(t.name(), t.datatype());
                }
            }
        }
        List<String> problems = new ArrayList<>();
        List<ResolvedFeature> resolved = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            FeatureRef ref = parsed.get(i);
            if (ref == null) {
                continue;
            }
            String at = "featureRefs[" + i + "] '" + refs.get(i) + "': ";
            Optional<FeatureViewInfo> view = views.get(ref.view());
            if (view.isEmpty()) {
                problems.add(at + "feature view '" + ref.view() + "' does not exist in the feature store");
                continue;
            }
            Map<String, String> types = view.get().readTypes() == null ? Map.of() : view.get().readTypes();
            String type = types.get(ref.feature());
            if (type == null) {
                problems.add(at + "feature view '" + ref.view() + "' has no feature '" + ref.feature() + "' (it has "
                        + String.join(", ", types.keySet()) + ")");
                continue;
            }
            resolved.add(new ResolvedFeature(ref.view(), ref.feature(), type));
            if (!inputTypes.containsKey(ref.feature())) {
                problems.add(at + "the signature has no input named '" + ref.feature() + "' to take it");
                continue;
            }
            Optional<OipDatatype> datatype = OipDatatype.parse(inputTypes.get(ref.feature()));
            if (datatype.isPresent() && !datatype.get().accepts(type)) {
                problems.add(at + "the feature is " + type + " but input '" + ref.feature() + "' is "
                        + datatype.get() + ", which cannot take it");
            }
        }
        return new Result(problems, resolved);
    }

    private static FeatureRef parse(String ref) {
        try {
            return FeatureRef.parse(ref);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether a failure is the feature store being unreachable (a 503 from {@link FeatureStoreCalls}). */
    static boolean unavailable(Throwable failure) {
        return failure instanceof ApiException a && a.status() == 503;
    }
}
