package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.rtml.registry.entity.ModelVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class ModelVersionRepository implements PanacheRepository<ModelVersion> {

    public Uni<ModelVersion> findVersion(long modelId, int version) {
        return find("modelId = ?1 and version = ?2", modelId, version).firstResult();
    }

    public Uni<List<ModelVersion>> listVersions(long modelId) {
        return find("modelId = ?1 order by version", modelId).list();
    }

    public Uni<Integer> latestVersionNumber(long modelId) {
        return find("select max(v.version) from ModelVersion v where v.modelId = ?1", modelId)
                .project(Integer.class).firstResult()
                .map(max -> max == null ? 0 : max);
    }
}
