package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.rtml.registry.entity.Artifact;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ArtifactRepository implements PanacheRepositoryBase<Artifact, String> {

    /** Size without loading the bytes. */
    public Uni<Long> sizeOf(String sha256) {
        return find("select a.sizeBytes from Artifact a where a.sha256 = ?1", sha256).project(Long.class).firstResult();
    }
}
