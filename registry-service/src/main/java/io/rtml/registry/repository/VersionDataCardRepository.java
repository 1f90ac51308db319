package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.rtml.registry.entity.VersionDataCard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class VersionDataCardRepository implements PanacheRepositoryBase<VersionDataCard, Long> {

    public Uni<List<VersionDataCard>> forVersions(Collection<Long> versionIds) {
        return versionIds.isEmpty() ? Uni.createFrom().item(List.of()) : list("versionId in ?1", versionIds);
    }
}
