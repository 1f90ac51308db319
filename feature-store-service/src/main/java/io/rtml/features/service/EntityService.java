package io.rtml.features.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.rtml.common.rest.ApiException;
import io.rtml.features.entity.EntityDefinition;
import io.rtml.features.repository.EntityRepository;
import io.rtml.features.rest.CreateEntityRequest;
import io.rtml.features.rest.EntityView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Entities: the kinds of things feature views describe. */
@ApplicationScoped
public class EntityService {

    private final EntityRepository entities;

    public EntityService(EntityRepository entities) {
        this.entities = entities;
    }

    @WithTransaction
    public Uni<EntityView> create(CreateEntityRequest request) {
        return entities.findById(request.name()).onItem().transformToUni(existing -> {
            if (existing != null) {
                throw ApiException.conflict("Entity '" + request.name() + "' already exists", null);
            }
            EntityDefinition entity = new EntityDefinition();
            entity.name = request.name();
            entity.description = request.description();
            entity.createdAt = Instant.now();
            return entities.persist(entity).map(EntityService::view);
        });
    }

    @WithSession
    public Uni<List<EntityView>> list() {
        return entities.listByName().map(list -> list.stream().map(EntityService::view).toList());
    }

    private static EntityView view(EntityDefinition e) {
        return new EntityView(e.name, e.description, e.createdAt);
    }
}
