package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.rtml.registry.entity.ModelRoute;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ModelRouteRepository implements PanacheRepositoryBase<ModelRoute, Long> {
}
