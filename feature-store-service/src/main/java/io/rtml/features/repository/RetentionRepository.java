package io.rtml.features.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * History and aggregation event log removal for retention. Each batch is its own short statement: it locks
 * only the old rows it deletes (skipping any another purge holds), and ingestion only inserts new rows, so
 * writes never wait.
 */
@ApplicationScoped
public class RetentionRepository {

    private static final String SELECT_VIEWS =
            "SELECT id, name, retention_seconds FROM feature_view WHERE retention_seconds IS NOT NULL ORDER BY name";

    /** {@code %1$s}: the table, one of {@link Store}'s; both have id, view_id and event_time (indexed with view_id). */
    private static final String DELETE_BATCH = """
            WITH doomed AS (
              SELECT id FROM %1$s WHERE view_id = $1 AND event_time < $2
              ORDER BY event_time LIMIT $3 FOR UPDATE SKIP LOCKED),
            gone AS (
              DELETE FROM %1$s h USING doomed d WHERE h.id = d.id RETURNING pg_column_size(h.*) AS bytes)
            SELECT count(*) AS rows, coalesce(sum(bytes), 0) AS bytes FROM gone""";

    /** The append-only tables retention trims by event time. */
    public enum Store {
        HISTORY("feature_history"), EVENTS("feature_event");

        private final String deleteBatch;

        Store(String table) {
            this.deleteBatch = DELETE_BATCH.formatted(table);
        }
    }

    private final Pool pool;

    public RetentionRepository(Pool pool) {
        this.pool = pool;
    }

    /** A view whose history is kept for a limited time. */
    public record RetainedView(long id, String name, long retentionSeconds) {
    }

    /** What one delete removed: rows and the bytes their tuples took. */
    public record Removed(long rows, long bytes) {
    }

    public Uni<List<RetainedView>> viewsWithRetention() {
        return pool.query(SELECT_VIEWS).execute().map(rows -> {
            List<RetainedView> out = new ArrayList<>();
            for (Row row : rows) {
                out.add(new RetainedView(row.getLong("id"), row.getString("name"), row.getLong("retention_seconds")));
            }
            return out;
        });
    }

    /** Deletes up to {@code limit} rows of the view with event time before {@code cutoff} from a store, oldest first. */
    public Uni<Removed> deleteOlderThan(Store store, long viewId, Instant cutoff, int limit) {
        return pool.preparedQuery(store.deleteBatch).execute(Tuple.of(viewId, cutoff.atOffset(ZoneOffset.UTC), limit))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Removed(row.getLong("rows"), row.getLong("bytes"));
                });
    }
}
