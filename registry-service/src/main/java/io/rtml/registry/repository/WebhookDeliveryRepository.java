package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.rtml.registry.entity.WebhookDelivery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class WebhookDeliveryRepository implements PanacheRepository<WebhookDelivery> {

    /**
     * Pending deliveries whose time has come, oldest first, locked until the transaction ends: a second
     * replica's dispatcher waits, then sees the lease the first one wrote and leaves them alone.
     */
    public Uni<List<WebhookDelivery>> lockDue(Instant now, int limit) {
        return find("status = ?1 and nextAttemptAt <= ?2 order by id", WebhookDelivery.PENDING, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE).page(Page.ofSize(limit)).list();
    }

    /** A webhook's deliveries, newest first. */
    public Uni<List<WebhookDelivery>> history(long webhookId, int limit) {
        return find("webhookId = ?1 order by id desc", webhookId).page(Page.ofSize(limit)).list();
    }

    public Uni<Long> countPending() {
        return count("status", WebhookDelivery.PENDING);
    }
}
