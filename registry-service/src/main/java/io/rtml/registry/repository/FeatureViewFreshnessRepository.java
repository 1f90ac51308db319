package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.rtml.registry.entity.FeatureViewFreshness;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class FeatureViewFreshnessRepository implements PanacheRepositoryBase<FeatureViewFreshness, String> {

    public Uni<List<FeatureViewFreshness>> forViews(Collection<String> views) {
        return views.isEmpty() ? Uni.createFrom().item(List.of()) : list("viewName in ?1", views);
    }
}
