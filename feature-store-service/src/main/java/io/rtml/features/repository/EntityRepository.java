package io.rtml.features.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.rtml.features.entity.EntityDefinition;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class EntityRepository implements PanacheRepositoryBase<EntityDefinition, String> {

    public Uni<List<EntityDefinition>> listByName() {
        return find("order by name").list();
    }
}
