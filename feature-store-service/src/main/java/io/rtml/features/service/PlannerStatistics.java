package io.rtml.features.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps PostgreSQL's planner statistics of the feature tables current after bulk writes. The reads' plans
 * depend on them: without statistics (a table never analyzed, because autovacuum is off or has not run yet after
 * a bulk load) the planner sees every index as equally cheap and may read tiles through the retention index,
 * filtering the whole view for every key: a 1,000-key aggregated read took 65 s that way instead of 30 ms.
 * Autovacuum's analyze does the same job on its own schedule; this makes it part of the write that grew the
 * tables, so a read right after a backfill is planned on real sizes.
 */
@ApplicationScoped
public class PlannerStatistics {

    /** Rows written before the first analyze: below this, any plan is fast. */
    static final long MIN_ROWS = 1_000;
    /** Growth since the last analyze, relative to the rows written up to it, that calls for a new one. */
    static final double GROWTH = 0.2;

    private static final Logger LOG = Logger.getLogger(PlannerStatistics.class);
    private static final String ANALYZE = "ANALYZE feature_history, feature_online, feature_event, feature_tile";

    private final Pool pool;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong writtenAtLastAnalyze = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();

    public PlannerStatistics(Pool pool) {
        this.pool = pool;
    }

    /** Whether {@code rowsSinceAnalyze} written on top of {@code rowsAtAnalyze} call for a new analyze. */
    static boolean due(long rowsAtAnalyze, long rowsSinceAnalyze) {
        return rowsSinceAnalyze >= Math.max(MIN_ROWS, (long) (GROWTH * rowsAtAnalyze));
    }

    /** Rows still to be written by this process before the next analyze. */
    public long rowsUntilNextAnalyze() {
        long last = writtenAtLastAnalyze.get();
        return Math.max(0, Math.max(MIN_ROWS, (long) (GROWTH * last)) - (written.get() - last));
    }

    /**
     * Counts {@code rows} just written and, when the tables grew enough since the last analyze, analyzes them
     * before the write answers (one at a time; a write that finds one running does not wait for it). A failed
     * analyze is logged and never fails the write, which is already committed.
     */
    public Uni<Void> wrote(long rows) {
        long total = written.addAndGet(rows);
        long last = writtenAtLastAnalyze.get();
        if (!due(last, total - last) || !running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        long started = System.nanoTime();
        return pool.query(ANALYZE).execute()
                .invoke(() -> {
                    writtenAtLastAnalyze.set(total);
                    LOG.debugf("analyzed the feature tables after %d rows written (%.0f ms)", (Object) total,
                            (System.nanoTime() - started) / 1e6);
                })
                .onFailure().invoke(e -> LOG.warnf("could not analyze the feature tables: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .onTermination().invoke(() -> running.set(false))
                .replaceWithVoid();
    }
}
