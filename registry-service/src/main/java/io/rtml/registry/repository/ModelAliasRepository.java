package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.rtml.registry.entity.ModelAlias;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class ModelAliasRepository implements PanacheRepositoryBase<ModelAlias, ModelAlias.Key> {

    public Uni<ModelAlias> findAlias(long modelId, String alias) {
        return findById(new ModelAlias.Key(modelId, alias));
    }

    public Uni<List<ModelAlias>> listAliases(long modelId) {
        return find("modelId = ?1 order by alias", modelId).list();
    }

    public Uni<List<ModelAlias>> forModels(Collection<Long> modelIds) {
        return modelIds.isEmpty() ? Uni.createFrom().item(List.of()) : list("modelId in ?1", modelIds);
    }
}
