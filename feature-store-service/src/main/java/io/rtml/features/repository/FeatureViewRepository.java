package io.rtml.features.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.rtml.features.entity.FeatureViewDefinition;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class FeatureViewRepository implements PanacheRepository<FeatureViewDefinition> {

    public Uni<FeatureViewDefinition> findByName(String name) {
        return find("name", name).firstResult();
    }

    public Uni<List<FeatureViewDefinition>> listByName() {
        return find("order by name").list();
    }
}
