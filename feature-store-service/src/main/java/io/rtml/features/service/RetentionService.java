package io.rtml.features.service;

import io.quarkus.scheduler.Scheduled;
import io.rtml.features.config.FeatureStoreConfig;
import io.rtml.features.repository.RetentionRepository;
import io.rtml.features.repository.RetentionRepository.RetainedView;
import io.rtml.features.repository.RetentionRepository.Removed;
import io.rtml.features.repository.RetentionRepository.Store;
import io.rtml.features.repository.TileRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Removes history older than each view's retention, in batches of {@code retention.batch-size} rows, so a
 * large backlog is deleted in many short statements that never hold up ingestion; the same for the aggregation
 * event log, and aggregation tiles older than the retention. Online values are kept.
 */
@ApplicationScoped
public class RetentionService {

    private static final Logger LOG = Logger.getLogger(RetentionService.class);

    private final RetentionRepository retention;
    private final TileRepository tiles;
    private final FeatureMetrics metrics;
    private final FeatureStoreConfig config;

    public RetentionService(RetentionRepository retention, TileRepository tiles, FeatureMetrics metrics,
                            FeatureStoreConfig config) {
        this.retention = retention;
        this.tiles = tiles;
        this.metrics = metrics;
        this.config = config;
    }

    /** What a purge removed across all views: history rows and their bytes, event log rows and bytes, tiles. */
    public record Purged(long rows, long bytes, long eventRows, long eventBytes, long tiles) {
    }

    @Scheduled(every = "${rtml.features.retention.interval:10m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPurge() {
        return purge()
                .onFailure().invoke(e -> LOG.warnf("Retention purge failed; the next run retries: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes, view by view, every history row, event and tile older than the view's retention at the time of the call. */
    public Uni<Purged> purge() {
        Instant now = Instant.now();
        return retention.viewsWithRetention()
                .onItem().transformToMulti(views -> Multi.createFrom().iterable(views))
                .onItem().transformToUniAndConcatenate(view -> {
                    Instant cutoff = now.minusSeconds(view.retentionSeconds());
                    return purge(Store.HISTORY, view, cutoff)
                            .chain(history -> purge(Store.EVENTS, view, cutoff)
                                    .chain(events -> purgeTiles(view, cutoff).map(t -> new Purged(history.rows(),
                                            history.bytes(), events.rows(), events.bytes(), t))));
                })
                .collect().in(() -> new long[5], (sum, removed) -> {
                    sum[0] += removed.rows();
                    sum[1] += removed.bytes();
                    sum[2] += removed.eventRows();
                    sum[3] += removed.eventBytes();
                    sum[4] += removed.tiles();
                })
                .map(sum -> new Purged(sum[0], sum[1], sum[2], sum[3], sum[4]));
    }

    /**
     * Aggregation tiles whose bucket starts before the cutoff: no read within the retention needs them (a window
     * is at most the retention, and a read takes only buckets wholly inside its window from tiles, the partial
     * oldest one from the event log). One statement; tiles are few.
     */
    private Uni<Long> purgeTiles(RetainedView view, Instant cutoff) {
        return tiles.deleteOlderThan(view.id(), cutoff).invoke(n -> {
            metrics.tilesRemoved(view.name(), n);
            if (n > 0) {
                LOG.infof("Retention of '%s': removed %d aggregation tiles with buckets before %s", view.name(), n, cutoff);
            }
        });
    }

    private Uni<Removed> purge(Store store, RetainedView view, Instant cutoff) {
        return nextBatch(store, view, cutoff, System.nanoTime(), new Removed(0, 0)).invoke(total -> {
            if (total.rows() > 0) {
                LOG.infof("Retention of '%s': removed %d %s rows (%d bytes) with event time before %s",
                        view.name(), total.rows(), store, total.bytes(), cutoff);
            }
        });
    }

    /** One batch, then the next while batches come back full; logs progress (rows so far, rate) as it goes. */
    private Uni<Removed> nextBatch(Store store, RetainedView view, Instant cutoff, long started, Removed sofar) {
        int batch = config.retention().batchSize();
        return retention.deleteOlderThan(store, view.id(), cutoff, batch).chain(removed -> {
            if (store == Store.HISTORY) {
                metrics.historyRemoved(view.name(), removed.rows(), removed.bytes());
            } else {
                metrics.eventsRemoved(view.name(), removed.rows(), removed.bytes());
            }
            Removed total = new Removed(sofar.rows() + removed.rows(), sofar.bytes() + removed.bytes());
            if (removed.rows() < batch) {
                return Uni.createFrom().item(total);
            }
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            LOG.debugf("Retention of '%s': %d %s rows removed so far (%.0f rows/s)", view.name(), total.rows(), store,
                    total.rows() / seconds);
            return nextBatch(store, view, cutoff, started, total);
        });
    }
}
