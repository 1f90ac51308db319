package io.rtml.monitor.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rtml.contracts.event.OutcomeEvent;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.monitor.value.KpiMetrics;
import io.rtml.monitor.value.OutcomeJoin;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Feeds the outcome join: the route side of every prediction (its own consumer group on {@code rtml.predictions},
 * so the drift windows' consumer is untouched) and the outcomes on {@code rtml.outcomes}. Each batch is written in
 * one transaction and acknowledged only when it committed, so a crash makes Kafka hand it out again (writes are
 * idempotent: the first row per request wins). A record that does not parse arrives as null and is counted.
 */
@ApplicationScoped
public class OutcomeConsumers {

    public static final String PREDICTIONS = "outcome-predictions";
    public static final String OUTCOMES = "outcomes-in";

    private final OutcomeJoin join;
    private final KpiMetrics metrics;

    public OutcomeConsumers(OutcomeJoin join, KpiMetrics metrics) {
        this.join = join;
        this.metrics = metrics;
    }

    @Incoming(PREDICTIONS)
    public Uni<Void> predictions(List<PredictionEvent> batch) {
        return Panache.withTransaction(() -> join.predictions(batch));
    }

    @Incoming(OUTCOMES)
    public Uni<Void> outcomes(List<OutcomeEvent> batch) {
        List<OutcomeEvent> usable = batch.stream().filter(Objects::nonNull)
                .filter(e -> e.requestId() != null && !e.requestId().isBlank() && e.model() != null).toList();
        metrics.badOutcomes(batch.size() - usable.size());
        metrics.outcomesReceived(usable.size());
        return Panache.withTransaction(() -> join.outcomes(usable, Instant.now()));
    }
}
