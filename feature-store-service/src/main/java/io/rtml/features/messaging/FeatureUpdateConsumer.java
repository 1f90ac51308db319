package io.rtml.features.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtml.contracts.event.FeatureUpdateEvent;
import io.rtml.features.service.FeatureMetrics;
import io.rtml.features.service.IngestionService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Consumes {@code rtml.feature-updates} in polled batches into the ingestion path. Values arrive as text and
 * are parsed here, so a malformed message is logged, counted and skipped instead of stopping the partition.
 */
@ApplicationScoped
public class FeatureUpdateConsumer {

    public static final String CHANNEL = "feature-updates";
    private static final Logger LOG = Logger.getLogger(FeatureUpdateConsumer.class);

    private final IngestionService ingestion;
    private final FeatureMetrics metrics;
    private final ObjectMapper mapper;

    public FeatureUpdateConsumer(IngestionService ingestion, FeatureMetrics metrics, ObjectMapper mapper) {
        this.ingestion = ingestion;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<FeatureUpdateEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            FeatureUpdateEvent event = parse(record);
            if (event != null) {
                events.add(event);
            }
        }
        return events.isEmpty() ? Uni.createFrom().voidItem() : ingestion.ingestUpdates(events);
    }

    private FeatureUpdateEvent parse(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return reject(record, "message has no value");
        }
        try {
            FeatureUpdateEvent event = mapper.readValue(record.value(), FeatureUpdateEvent.class);
            if (event == null) {
                return reject(record, "message value is JSON null");
            }
            // The record key is the entity key by contract; it fills in an event that leaves it out.
            return event.entityKey() == null && record.key() != null
                    ? new FeatureUpdateEvent(event.featureView(), record.key(), event.values(), event.eventTime())
                    : event;
        } catch (JsonProcessingException e) {
            return reject(record, "not a FeatureUpdateEvent: " + e.getOriginalMessage());
        }
    }

    private FeatureUpdateEvent reject(ConsumerRecord<String, String> record, String problem) {
        LOG.warnf("Skipping %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), problem);
        metrics.updateRejected(FeatureMetrics.REJECT_MALFORMED);
        return null;
    }
}
