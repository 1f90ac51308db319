package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.rtml.registry.entity.WebhookAttempt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class WebhookAttemptRepository implements PanacheRepository<WebhookAttempt> {

    public Uni<List<WebhookAttempt>> forDeliveries(Collection<Long> deliveryIds) {
        return deliveryIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("deliveryId in ?1 order by deliveryId, attempt", deliveryIds);
    }
}
