package io.rtml.features.service;

import io.rtml.common.rest.ApiException;
import io.rtml.contracts.event.FeatureUpdateEvent;
import io.rtml.features.config.FeatureStoreConfig;
import io.rtml.features.repository.AggregationEvent;
import io.rtml.features.repository.EventLogRepository;
import io.rtml.features.repository.FeatureRow;
import io.rtml.features.repository.FeatureRowRepository;
import io.rtml.features.repository.TileRepository;
import io.rtml.features.rest.FeatureRowInput;
import io.rtml.features.rest.IngestRequest;
import io.rtml.features.rest.IngestResult;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one write path of the feature store, fed by REST batches and the {@code rtml.feature-updates} stream:
 * every row is checked against its view (entity key, event time, known features, declared types) before
 * anything is written, then the batch goes to the history, the online store and (for views with window
 * aggregations) the aggregation event log and tiles in one transaction.
 */
@ApplicationScoped
public class IngestionService {

    private static final Logger LOG = Logger.getLogger(IngestionService.class);
    private static final int MAX_ENTITY_KEY_LENGTH = 256;
    private static final int MAX_PROBLEMS_SHOWN = 100;

    private final FeatureViewCatalog catalog;
    private final Pool pool;
    private final FeatureRowRepository rows;
    private final EventLogRepository eventLog;
    private final TileRepository tiles;
    private final FeatureMetrics metrics;
    private final FeatureStoreConfig config;
    private final PlannerStatistics statistics;

    public IngestionService(FeatureViewCatalog catalog, Pool pool, FeatureRowRepository rows, EventLogRepository eventLog,
                            TileRepository tiles, FeatureMetrics metrics, FeatureStoreConfig config,
                            PlannerStatistics statistics) {
        this.statistics = statistics;
        this.catalog = catalog;
        this.pool = pool;
        this.rows = rows;
        this.eventLog = eventLog;
        this.tiles = tiles;
        this.metrics = metrics;
        this.config = config;
    }

    /** All rows or none: 400 listing every bad row (index and feature) when any is bad. */
    public Uni<IngestResult> ingest(String viewName, IngestRequest request) {
        if (request == null || request.rows() == null || request.rows().isEmpty()) {
            throw ApiException.badRequest("rows must list at least one row");
        }
        int max = config.ingest().maxRows();
        if (request.rows().size() > max) {
            throw ApiException.badRequest("At most " + max + " rows per request; got " + request.rows().size());
        }
        return catalog.require(viewName).chain(view -> {
            Instant latestAllowed = latestAllowedEventTime();
            List<RowProblem> problems = new ArrayList<>();
            List<FeatureRow> valid = new ArrayList<>(request.rows().size());
            for (int i = 0; i < request.rows().size(); i++) {
                FeatureRowInput row = request.rows().get(i);
                FeatureRow checked = row == null ? reject(problems, i, "row is null")
                        : check(view, i, row.entityKey(), row.eventTime(), row.values(), latestAllowed, problems);
                if (checked != null) {
                    valid.add(checked);
                }
            }
            if (!problems.isEmpty()) {
                long badRows = problems.stream().mapToInt(RowProblem::row).distinct().count();
                throw new ApiException(400, badRows + " of " + request.rows().size() + " rows are invalid for feature view '"
                        + view.name() + "'; nothing was stored. First: " + problems.get(0),
                        problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_SHOWN)));
            }
            return store(view, valid, FeatureMetrics.SOURCE_REST).map(duplicates -> new IngestResult(valid.size(), duplicates));
        });
    }

    /**
     * Stream ingestion: events are grouped by view and written one view at a time. An event for an unknown
     * view or with bad values is logged, counted and skipped; the rest of the batch is still written. Never fails.
     */
    public Uni<Void> ingestUpdates(List<FeatureUpdateEvent> events) {
        Map<String, List<FeatureUpdateEvent>> byView = new LinkedHashMap<>();
        for (FeatureUpdateEvent event : events) {
            if (event.featureView() == null || event.featureView().isBlank()) {
                rejectUpdate(event, FeatureMetrics.REJECT_INVALID, "featureView is missing");
                continue;
            }
            byView.computeIfAbsent(event.featureView(), v -> new ArrayList<>()).add(event);
        }
        return Multi.createFrom().iterable(byView.entrySet())
                .onItem().transformToUniAndConcatenate(group -> catalog.find(group.getKey())
                        .chain(view -> view == null ? unknownView(group.getValue()) : storeUpdates(view, group.getValue())))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> unknownView(List<FeatureUpdateEvent> events) {
        events.forEach(e -> rejectUpdate(e, FeatureMetrics.REJECT_UNKNOWN_VIEW, "feature view '" + e.featureView() + "' does not exist"));
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> storeUpdates(FeatureView view, List<FeatureUpdateEvent> events) {
        List<FeatureRow> valid = new ArrayList<>(events.size());
        Instant latestAllowed = latestAllowedEventTime();
        for (FeatureUpdateEvent event : events) {
            if (event.eventTime() != null && event.eventTime().isAfter(latestAllowed)) {
                rejectUpdate(event, FeatureMetrics.REJECT_FUTURE_EVENT_TIME, futureProblem(event.eventTime()));
                continue;
            }
            List<RowProblem> problems = new ArrayList<>();
            FeatureRow row = check(view, 0, event.entityKey(), event.eventTime(), event.values(), latestAllowed, problems);
            if (row == null) {
                rejectUpdate(event, FeatureMetrics.REJECT_INVALID, problems.stream().map(p -> (p.feature() == null ? "" : "feature '"
                        + p.feature() + "': ") + p.problem()).reduce((a, b) -> a + "; " + b).orElse(""));
            } else {
                valid.add(row);
            }
        }
        if (valid.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // A database outage is waited out (about a minute) rather than turned into lost updates at once.
        return store(view, valid, FeatureMetrics.SOURCE_KAFKA).replaceWithVoid()
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(8)
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "Could not store %d updates for feature view '%s'; they are skipped", valid.size(),
                            view.name());
                    valid.forEach(r -> metrics.updateRejected(FeatureMetrics.REJECT_STORE_FAILED));
                    return null;
                });
    }

    /**
     * Writes the rows, their aggregation events and what the new ones add to the view's tiles, in one
     * transaction; the number of aggregation events that were already stored (an identical event counts once).
     */
    private Uni<Integer> store(FeatureView view, List<FeatureRow> batch, String source) {
        List<AggregationEvent> events = TileBuilder.events(view, batch);
        return pool.withTransaction(conn -> rows.write(conn, view.id(), batch)
                        .chain(() -> eventLog.appendNew(conn, view.id(), events))
                        .chain(fresh -> tiles.merge(conn, view.id(), TileBuilder.tiles(view, fresh), Sketches::union)
                                .replaceWith(events.size() - fresh.size())))
                .invoke(duplicates -> {
                    metrics.rowsIngested(view.name(), source, batch.size());
                    metrics.duplicateAggregationEvents(view.name(), duplicates);
                    batch.stream().map(FeatureRow::eventTime).max(Instant::compareTo)
                            .ifPresent(newest -> metrics.eventTimeSeen(view.name(), newest));
                })
                .call(duplicates -> statistics.wrote(batch.size() + (long) events.size()));
    }

    /** The row in stored form, or null after adding what is wrong with it to {@code problems}. */
    private FeatureRow check(FeatureView view, int index, String entityKey, Instant eventTime,
                             Map<String, Object> values, Instant latestAllowed, List<RowProblem> problems) {
        int before = problems.size();
        if (entityKey == null || entityKey.isBlank()) {
            problems.add(new RowProblem(index, null, "entityKey is missing"));
        } else if (entityKey.length() > MAX_ENTITY_KEY_LENGTH) {
            problems.add(new RowProblem(index, null, "entityKey is longer than " + MAX_ENTITY_KEY_LENGTH + " characters"));
        }
        if (eventTime == null) {
            problems.add(new RowProblem(index, null, "eventTime is missing"));
        } else if (eventTime.isAfter(latestAllowed)) {
            problems.add(new RowProblem(index, null, futureProblem(eventTime)));
        }
        if (values == null || values.isEmpty()) {
            problems.add(new RowProblem(index, null, "values is empty"));
            return null;
        }
        Map<String, Object> stored = new HashMap<>();
        values.forEach((feature, raw) -> {
            FeatureType type = view.type(feature);
            if (type == null) {
                problems.add(new RowProblem(index, feature, "feature '" + feature + "' is not in feature view '"
                        + view.name() + "' (it has " + String.join(", ", view.featureNames()) + ")"));
                return;
            }
            if (view.aggregation(feature) != null) {
                problems.add(new RowProblem(index, feature, "feature '" + feature + "' is a window aggregation over '"
                        + view.aggregation(feature).source() + "' and cannot be written; write '"
                        + view.aggregation(feature).source() + "' values instead"));
                return;
            }
            if (view.onDemand(feature) != null) {
                problems.add(new RowProblem(index, feature, "feature '" + feature + "' is computed on demand from '"
                        + view.onDemand(feature).source() + "' and cannot be written"));
                return;
            }
            try {
                stored.put(feature, type.normalize(raw));
            } catch (IllegalArgumentException e) {
                problems.add(new RowProblem(index, feature, e.getMessage()));
            }
        });
        if (problems.size() > before) {
            return null;
        }
        return new FeatureRow(entityKey, eventTime.truncatedTo(ChronoUnit.MICROS), stored);
    }

    /** Event times after this are refused: now plus the allowed clock skew of producers. */
    private Instant latestAllowedEventTime() {
        return Instant.now().plus(config.ingest().maxFutureSkew());
    }

    private String futureProblem(Instant eventTime) {
        return "eventTime " + eventTime + " is more than " + config.ingest().maxFutureSkew().toSeconds()
                + " s in the future (rtml.features.ingest.max-future-skew); it would hide every later write";
    }

    private static FeatureRow reject(List<RowProblem> problems, int index, String problem) {
        problems.add(new RowProblem(index, null, problem));
        return null;
    }

    private void rejectUpdate(FeatureUpdateEvent event, String reason, String problem) {
        LOG.warnf("Skipping feature update for view '%s', entity '%s': %s", event.featureView(), event.entityKey(), problem);
        metrics.updateRejected(reason);
    }
}
