package io.rtml.monitor.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.rtml.monitor.entity.MonitoredVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MonitoredVersionRepository implements PanacheRepository<MonitoredVersion> {

    public Uni<MonitoredVersion> findVersion(String model, int version) {
        return find("model = ?1 and version = ?2", model, version).firstResult();
    }
}
