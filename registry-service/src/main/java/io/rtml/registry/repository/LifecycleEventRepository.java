package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.rtml.registry.entity.LifecycleEventRow;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class LifecycleEventRepository implements PanacheRepository<LifecycleEventRow> {

    public Uni<List<LifecycleEventRow>> auditLog(String modelName) {
        return find("modelName = ?1 order by id", modelName).list();
    }

    public Uni<List<LifecycleEventRow>> unpublished(int limit) {
        return find("publishedAt is null order by id").page(Page.ofSize(limit)).list();
    }

    public Uni<Integer> markPublished(long id, Instant at) {
        return update("publishedAt = ?1 where id = ?2", at, id);
    }

    /** Champion versions in the order they were set, newest last: what a rollback walks back through. */
    public Uni<List<LifecycleEventRow>> aliasHistory(String modelName, String alias) {
        return find("modelName = ?1 and alias = ?2 and type in ('alias-set', 'rolled-back') order by id",
                modelName, alias).list();
    }
}
