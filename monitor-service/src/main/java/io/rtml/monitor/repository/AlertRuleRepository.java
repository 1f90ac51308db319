package io.rtml.monitor.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.rtml.monitor.entity.AlertRule;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class AlertRuleRepository implements PanacheRepository<AlertRule> {

    public Uni<AlertRule> findByName(String name) {
        return find("name", name).firstResult();
    }

    /**
     * Starts the rule's cooldown at {@code now} unless it fired after {@code notAfter}; one conditional
     * UPDATE, so of two evaluators (or replicas) racing, exactly one gets 1.
     */
    public Uni<Integer> claimFiring(String name, Instant now, Instant notAfter) {
        return update("lastFiredAt = ?1 where name = ?2 and (lastFiredAt is null or lastFiredAt <= ?3)",
                now, name, notAfter);
    }

    public Uni<List<AlertRule>> listByName() {
        return listAll(Sort.by("name"));
    }
}
