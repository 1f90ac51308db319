package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.rtml.registry.entity.Subscription;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<Subscription, Subscription.Key> {

    public Uni<Subscription> findSubscription(String tenantId, long modelId) {
        return findById(new Subscription.Key(tenantId, modelId));
    }

    public Uni<List<Subscription>> forTenant(String tenantId) {
        return list("tenantId = ?1", tenantId);
    }

    /** One page of a model's subscriptions in tenant order. */
    public Uni<List<Subscription>> forModel(long modelId, int page, int size) {
        return find("modelId = ?1 order by tenantId", modelId).page(Page.of(page, size)).list();
    }

    public Uni<Long> countForModel(long modelId) {
        return count("modelId = ?1", modelId);
    }

    public Uni<Long> deleteForTenant(String tenantId, Collection<Long> modelIds) {
        return modelIds.isEmpty() ? Uni.createFrom().item(0L)
                : delete("tenantId = ?1 and modelId in ?2", tenantId, modelIds);
    }
}
