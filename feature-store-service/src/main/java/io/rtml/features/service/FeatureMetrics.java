package io.rtml.features.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.rtml.features.rest.FeatureStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** The feature store's metric names and meters. Labels stay bounded: feature view, source, status, reason. */
@ApplicationScoped
public class FeatureMetrics {

    public static final String ROWS_INGESTED = "rtml_feature_rows_ingested_total";
    public static final String FRESHNESS = "rtml_feature_freshness_seconds";
    public static final String ONLINE_READS = "rtml_online_feature_reads_total";
    public static final String UPDATES_REJECTED = "rtml_feature_updates_rejected_total";
    public static final String HISTORY_ROWS_REMOVED = "rtml_feature_history_removed_rows_total";
    public static final String HISTORY_BYTES_REMOVED = "rtml_feature_history_removed_bytes_total";
    public static final String AGGREGATION_DUPLICATE_EVENTS = "rtml_feature_aggregation_duplicate_events_total";
    public static final String EVENTS_ROWS_REMOVED = "rtml_feature_events_removed_rows_total";
    public static final String EVENTS_BYTES_REMOVED = "rtml_feature_events_removed_bytes_total";
    public static final String TILES_REMOVED = "rtml_feature_aggregation_tiles_removed_total";

    /** Why a stream message was skipped: not JSON of the event, unknown view, bad values, or the store kept failing. */
    public static final String REJECT_MALFORMED = "malformed";
    public static final String REJECT_UNKNOWN_VIEW = "unknown_view";
    public static final String REJECT_INVALID = "invalid";
    public static final String REJECT_STORE_FAILED = "store_failed";
    /** An event time further ahead of the clock than {@code rtml.features.ingest.max-future-skew}. */
    public static final String REJECT_FUTURE_EVENT_TIME = "future_event_time";
    private static final List<String> REJECT_REASONS =
            List.of(REJECT_MALFORMED, REJECT_UNKNOWN_VIEW, REJECT_INVALID, REJECT_STORE_FAILED, REJECT_FUTURE_EVENT_TIME);

    public static final String SOURCE_REST = "rest";
    public static final String SOURCE_KAFKA = "kafka";

    private final MeterRegistry registry;
    private final Map<FeatureStatus, Counter> reads = new EnumMap<>(FeatureStatus.class);
    private final Map<String, AtomicReference<Instant>> newest = new ConcurrentHashMap<>();

    public FeatureMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (FeatureStatus status : FeatureStatus.values()) {
            reads.put(status, Counter.builder(ONLINE_READS).tag("status", status.name())
                    .description("Feature values served by online reads, by status").register(registry));
        }
        REJECT_REASONS.forEach(this::rejected);
    }

    public void rowsIngested(String featureView, String source, int rows) {
        Counter.builder(ROWS_INGESTED).tags("feature_view", featureView, "source", source)
                .description("Feature rows written to the online store and history").register(registry)
                .increment(rows);
    }

    public void onlineReads(FeatureStatus status, long values) {
        if (values > 0) {
            reads.get(status).increment(values);
        }
    }

    /** History rows (and the bytes of their tuples) removed by retention. */
    public void historyRemoved(String featureView, long rows, long bytes) {
        removed(featureView, HISTORY_ROWS_REMOVED, "History rows", HISTORY_BYTES_REMOVED, "history tuples", rows, bytes);
    }

    /** Aggregation events written again (same entity, feature, event time and value): counted once. */
    public void duplicateAggregationEvents(String featureView, int events) {
        if (events > 0) {
            Counter.builder(AGGREGATION_DUPLICATE_EVENTS).tag("feature_view", featureView)
                    .description("Aggregation events already stored (same entity, feature, event time, value), counted once")
                    .register(registry).increment(events);
        }
    }

    /** Aggregation event log rows (and the bytes of their tuples) removed by retention. */
    public void eventsRemoved(String featureView, long rows, long bytes) {
        removed(featureView, EVENTS_ROWS_REMOVED, "Aggregation event log rows", EVENTS_BYTES_REMOVED,
                "aggregation event log tuples", rows, bytes);
    }

    private void removed(String featureView, String rowsMetric, String what, String bytesMetric, String tuples,
                         long rows, long bytes) {
        Counter.builder(rowsMetric).tag("feature_view", featureView)
                .description(what + " removed because they were older than the view's retention")
                .register(registry).increment(rows);
        Counter.builder(bytesMetric).tag("feature_view", featureView)
                .description("Bytes of " + tuples + " removed by retention (space autovacuum makes reusable)")
                .register(registry).increment(bytes);
    }

    /** Aggregation tiles removed by retention. */
    public void tilesRemoved(String featureView, long tiles) {
        Counter.builder(TILES_REMOVED).tag("feature_view", featureView)
                .description("Aggregation tiles removed because their bucket was older than the view's retention")
                .register(registry).increment(tiles);
    }

    public void updateRejected(String reason) {
        rejected(reason).increment();
    }

    private Counter rejected(String reason) {
        return Counter.builder(UPDATES_REJECTED).tag("reason", reason)
                .description("Messages on rtml.feature-updates that were skipped").register(registry);
    }

    /** Moves a view's newest event time forward (never back); the freshness gauge reads its age. */
    public void eventTimeSeen(String featureView, Instant eventTime) {
        newest.computeIfAbsent(featureView, view -> {
            AtomicReference<Instant> ref = new AtomicReference<>(eventTime);
            Gauge.builder(FRESHNESS, ref, FeatureMetrics::ageSeconds).tag("feature_view", view)
                    .description("Age in seconds of the newest event in a feature view").register(registry);
            return ref;
        }).accumulateAndGet(eventTime, (a, b) -> a.isAfter(b) ? a : b);
    }

    private static double ageSeconds(AtomicReference<Instant> newest) {
        return FeatureAges.seconds(newest.get(), Instant.now());
    }
}
