package io.rtml.monitor.messaging;

import io.rtml.contracts.event.GroundTruthEvent;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.monitor.service.IngestService;
import io.rtml.monitor.service.MonitorMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code rtml.predictions} and {@code rtml.ground-truth}. A record that does not parse or
 * lacks a required field is counted in {@code rtml_monitor_bad_messages_total{topic}} and skipped;
 * the channel never stops for one bad record.
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
    public void prediction(ConsumerRecord<String, PredictionEvent> record) {
        String problem = IngestService.problem(record.value());
        if (problem != null) {
            skip(record, problem);
            return;
        }
        ingest.prediction(record.value());
    }

    @Incoming(GROUND_TRUTH)
    @Blocking
    public void label(ConsumerRecord<String, GroundTruthEvent> record) {
        String problem = IngestService.problem(record.value());
        if (problem != null) {
            skip(record, problem);
            return;
        }
        ingest.label(record.value());
    }

    private void skip(ConsumerRecord<String, ?> record, String problem) {
        metrics.badMessage(record.topic());
        LOG.debugf("Skipped record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), problem);
    }
}
