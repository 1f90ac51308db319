package io.rtml.monitor.messaging;

import io.rtml.contracts.event.GroundTruthEvent;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.event.Route;
import io.rtml.monitor.service.IngestService;
import io.rtml.monitor.service.MonitorMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code rtml.predictions} and {@code rtml.ground-truth}. A record that does not parse or
 * lacks a required field is counted in {@code rtml_monitor_bad_messages_total{topic}} and skipped;
 * the channel never stops for one bad record.
 *
 * <p>A usable record is acknowledged only once what it changed is committed in PostgreSQL (the flush
 * after it is folded, see {@code WindowStore}); Kafka's offset is committed only up to the oldest record
 * not yet acknowledged (the connector's {@code throttled} commit strategy), so a crash makes Kafka hand
 * out again everything not yet durable.
 */
@ApplicationScoped
public class EventConsumers {

    public static final String PREDICTIONS = "predictions";
    public static final String GROUND_TRUTH = "ground-truth-in";
    private static final Logger LOG = Logger.getLogger(EventConsumers.class);

    private final IngestService ingest;
    private final MonitorMetrics metrics;

    public EventConsumers(IngestService ingest, MonitorMetrics metrics) {
        this.ingest = ingest;
        this.metrics = metrics;
    }

    @Incoming(PREDICTIONS)
    @Blocking
    public CompletionStage<Void> prediction(Message<PredictionEvent> message) {
        String problem = IngestService.problem(message.getPayload());
        if (problem != null) {
            skip(message, problem);
            return message.ack();
        }
        if (message.getPayload().route() == Route.HOLDOUT) {
            // No model ran for a holdout answer (the fallback did): it is the KPI baseline (OutcomeConsumers), not drift.
            return message.ack();
        }
        ingest.prediction(message.getPayload(), () -> message.ack());
        return CompletableFuture.completedFuture(null);
    }

    @Incoming(GROUND_TRUTH)
    @Blocking
    public CompletionStage<Void> label(Message<GroundTruthEvent> message) {
        String problem = IngestService.problem(message.getPayload());
        if (problem != null) {
            skip(message, problem);
            return message.ack();
        }
        ingest.label(message.getPayload(), () -> message.ack());
        return CompletableFuture.completedFuture(null);
    }

    private void skip(Message<?> message, String problem) {
        var record = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        String topic = record == null ? "unknown" : record.getTopic();
        metrics.badMessage(topic);
        LOG.debugf("Skipped record %s-%d@%d: %s", topic, record == null ? -1 : record.getPartition(),
                record == null ? -1L : record.getOffset(), problem);
    }
}
