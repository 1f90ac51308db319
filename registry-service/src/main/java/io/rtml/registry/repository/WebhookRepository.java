package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.rtml.registry.entity.Webhook;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class WebhookRepository implements PanacheRepository<Webhook> {

    public Uni<List<Webhook>> allInOrder() {
        return find("order by id").list();
    }
}
