package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.rtml.registry.entity.VersionFeature;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class VersionFeatureRepository implements PanacheRepositoryBase<VersionFeature, VersionFeature.Key> {

    public Uni<List<VersionFeature>> forVersions(Collection<Long> versionIds) {
        return versionIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("versionId in ?1 order by versionId, viewName, feature", versionIds);
    }

    /** Every feature of the view that some version reads, in version-id order. */
    public Uni<List<VersionFeature>> readersOf(String viewName) {
        return list("viewName = ?1 order by versionId, feature", viewName);
    }

    /** The views that the given versions read. */
    public Uni<List<String>> viewsOf(Collection<Long> versionIds) {
        return versionIds.isEmpty() ? Uni.createFrom().item(List.of())
                : find("select distinct f.viewName from VersionFeature f where f.versionId in ?1", versionIds)
                        .project(String.class).list();
    }
}
