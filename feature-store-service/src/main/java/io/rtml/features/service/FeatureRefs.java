package io.rtml.features.service;

import io.rtml.common.rest.ApiException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Feature references {@code view:feature} from a read request, grouped by view and checked against the catalog. */
record FeatureRefs(List<Ref> refs, Map<FeatureView, List<String>> byView) {

    /** One requested feature: its view, its name, and the reference as the caller wrote it. */
    record Ref(FeatureView view, String feature, String name) {

        /** The stored feature this reference reads: itself, or the source of an on-demand feature. */
        String storedSource() {
            return view.storedSource(feature);
        }

        /** True for a window aggregation (read from tiles, not from the stored values). */
        boolean aggregated() {
            return view.aggregation(feature) != null;
        }
    }

    /** Parses and resolves the references; 400 naming the first that is malformed or unknown. */
    static Uni<FeatureRefs> resolve(List<String> features, FeatureViewCatalog catalog) {
        if (features == null || features.isEmpty()) {
            throw ApiException.badRequest("features must list at least one 'view:feature' reference");
        }
        Set<String> unique = new LinkedHashSet<>();
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (String ref : features) {
            int colon = ref == null ? -1 : ref.indexOf(':');
            if (colon <= 0 || colon == ref.length() - 1 || ref.indexOf(':', colon + 1) >= 0) {
                throw ApiException.badRequest("Feature reference '" + ref + "' is not of the form 'view:feature'");
            }
            if (unique.add(ref)) {
                byName.computeIfAbsent(ref.substring(0, colon), v -> new ArrayList<>()).add(ref.substring(colon + 1));
            }
        }
        // One after the other: a cache miss opens a database session, and sessions must not be shared concurrently.
        return Multi.createFrom().iterable(byName.keySet())
                .onItem().transformToUniAndConcatenate(name -> catalog.find(name).map(Optional::ofNullable))
                .collect().asList().map(views -> {
            Map<FeatureView, List<String>> resolved = new LinkedHashMap<>();
            List<String> names = List.copyOf(byName.keySet());
            for (int i = 0; i < names.size(); i++) {
                FeatureView view = views.get(i).orElse(null);
                if (view == null) {
                    throw ApiException.badRequest("Feature view '" + names.get(i) + "' does not exist");
                }
                for (String feature : byName.get(names.get(i))) {
                    if (view.type(feature) == null) {
                        throw ApiException.badRequest("Feature view '" + view.name() + "' has no feature '" + feature
                                + "'; it has " + String.join(", ", view.featureNames()));
                    }
                }
                resolved.put(view, byName.get(names.get(i)));
            }
            Map<String, FeatureView> viewsByName = new LinkedHashMap<>();
            resolved.keySet().forEach(v -> viewsByName.put(v.name(), v));
            List<Ref> refs = unique.stream().map(ref -> {
                int colon = ref.indexOf(':');
                return new Ref(viewsByName.get(ref.substring(0, colon)), ref.substring(colon + 1), ref);
            }).toList();
            return new FeatureRefs(refs, resolved);
        });
    }
}
