package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.rtml.registry.entity.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<Tenant, String> {

    /** One page of tenants in id order. */
    public Uni<List<Tenant>> page(int page, int size) {
        return find("order by id").page(Page.of(page, size)).list();
    }

    public Uni<List<Tenant>> findByIds(Collection<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }

    /** The tenant row locked until the transaction ends: subscription changes of one tenant run one at a time. */
    public Uni<Tenant> lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
