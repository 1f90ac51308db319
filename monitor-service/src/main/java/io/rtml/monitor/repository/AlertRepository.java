package io.rtml.monitor.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.rtml.monitor.entity.Alert;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class AlertRepository implements PanacheRepository<Alert> {

    /** Newest first; every model when {@code model} is null. */
    public Uni<List<Alert>> recent(String model, int limit) {
        Sort newest = Sort.descending("firedAt", "id");
        return (model == null ? findAll(newest) : find("model", newest, model)).page(0, limit).list();
    }
}
