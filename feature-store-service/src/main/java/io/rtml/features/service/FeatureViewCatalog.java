package io.rtml.features.service;

import io.rtml.common.rest.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feature views by name for the hot paths (ingestion, online reads). Views are immutable once created,
 * so a view found once stays valid; only misses go to the database, which also finds views that another
 * replica created.
 */
@ApplicationScoped
public class FeatureViewCatalog {

    private final FeatureViewService views;
    private final Map<String, FeatureView> cache = new ConcurrentHashMap<>();

    public FeatureViewCatalog(FeatureViewService views) {
        this.views = views;
    }

    /** The view, or null when none has this name. */
    public Uni<FeatureView> find(String name) {
        FeatureView cached = cache.get(name);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return views.load(name).invoke(view -> {
            if (view != null) {
                cache.put(name, view);
            }
        });
    }

    /** The view, or a 404 naming it (for paths that name a view). */
    public Uni<FeatureView> require(String name) {
        return find(name).map(view -> {
            if (view == null) {
                throw ApiException.notFound("Feature view '" + name + "' does not exist");
            }
            return view;
        });
    }
}
