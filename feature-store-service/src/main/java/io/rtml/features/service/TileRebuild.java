package io.rtml.features.service;

import io.quarkus.scheduler.Scheduled;
import io.rtml.features.repository.EventLogRepository;
import io.rtml.features.repository.TileRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Rebuilds the tiles of the views listed in {@code feature_tile_rebuild} from their aggregation event log (the
 * V4 migration lists every view with aggregations: tiles written before it could count a re-ingested event
 * twice). One transaction per view; it holds the tile table against writes while it runs, so a batch ingested
 * meanwhile is either in the log it reads or merged after it. Replicas race harmlessly: the first to take a
 * view's row rebuilds it, the others find the row gone.
 */
@ApplicationScoped
public class TileRebuild {

    private static final Logger LOG = Logger.getLogger(TileRebuild.class);
    private static final int PAGE = 10_000;

    private final Pool pool;
    private final FeatureViewCatalog catalog;
    private final EventLogRepository eventLog;
    private final TileRepository tiles;

    public TileRebuild(Pool pool, FeatureViewCatalog catalog, EventLogRepository eventLog, TileRepository tiles) {
        this.pool = pool;
        this.catalog = catalog;
        this.eventLog = eventLog;
        this.tiles = tiles;
    }

    @Scheduled(every = "10m", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRebuild() {
        return rebuildPending()
                .onFailure().invoke(e -> LOG.warnf("Tile rebuild failed; the next run retries: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Rebuilds every listed view; how many it rebuilt. */
    public Uni<Integer> rebuildPending() {
        return tiles.viewsToRebuild()
                .onItem().transformToMulti(names -> Multi.createFrom().iterable(names))
                .onItem().transformToUniAndConcatenate(name -> catalog.require(name).chain(this::rebuild))
                .collect().in(() -> new int[1], (sum, done) -> sum[0] += done ? 1 : 0)
                .map(sum -> sum[0]);
    }

    private Uni<Boolean> rebuild(FeatureView view) {
        return pool.withTransaction(conn -> tiles.startRebuild(conn, view.id()).chain(taken -> !taken
                ? Uni.createFrom().item(false)
                : fold(conn, view, 0, 0)
                        .invoke(events -> LOG.infof("Rebuilt the aggregation tiles of '%s' from %d events", view.name(), events))
                        .replaceWith(true)));
    }

    /** Folds the log page by page (write order) into the tiles; the number of events folded. */
    private Uni<Long> fold(SqlConnection conn, FeatureView view, long afterId, long sofar) {
        return eventLog.page(conn, view.id(), afterId, PAGE).chain(page -> {
            if (page.isEmpty()) {
                return Uni.createFrom().item(sofar);
            }
            long last = page.get(page.size() - 1).id();
            return tiles.merge(conn, view.id(), TileBuilder.tiles(view, page), Sketches::union)
                    .chain(() -> page.size() < PAGE ? Uni.createFrom().item(sofar + page.size())
                            : fold(conn, view, last, sofar + page.size()));
        });
    }
}
