package io.rtml.monitor.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.rtml.monitor.entity.WindowBucket;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class WindowBucketRepository implements PanacheRepository<WindowBucket> {

    public Uni<WindowBucket> findBucket(String model, int version, Instant start) {
        return find("model = ?1 and version = ?2 and bucketStart = ?3", model, version, start).firstResult();
    }

    /** Buckets that start in {@code [from, to)}, oldest first. */
    public Uni<List<WindowBucket>> inRange(String model, int version, Instant from, Instant to) {
        return find("model = ?1 and version = ?2 and bucketStart >= ?3 and bucketStart < ?4 order by bucketStart",
                model, version, from, to).list();
    }
}
