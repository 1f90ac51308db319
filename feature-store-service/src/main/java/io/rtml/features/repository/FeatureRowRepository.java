package io.rtml.features.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Feature values in SQL through the reactive client: the online store (latest value of every feature per
 * entity, with its own event time) and the append-only history. A batch travels as one JSONB parameter and
 * is written by one INSERT per table, so 10,000 rows are two statements.
 */
@ApplicationScoped
public class FeatureRowRepository {

    private static final String INSERT_HISTORY = """
            INSERT INTO feature_history (view_id, entity_key, event_time, vals, ingested_at)
            SELECT $1, r.k, r.t, r.v, now()
            FROM jsonb_to_recordset($2::text::jsonb) AS r(k text, t timestamptz, v jsonb)""";

    /** Per feature, the value with the newer event time wins; on a tie, the one written last. */
    private static final String UPSERT_ONLINE = """
            INSERT INTO feature_online AS o (view_id, entity_key, event_time, vals, updated_at)
            SELECT $1, r.k, r.t, r.v, now()
            FROM jsonb_to_recordset($2::text::jsonb) AS r(k text, t timestamptz, v jsonb)
            ON CONFLICT (view_id, entity_key) DO UPDATE SET
              vals = (SELECT jsonb_object_agg(coalesce(n.key, c.key),
                        CASE WHEN c.key IS NULL THEN n.value
                             WHEN n.key IS NULL THEN c.value
                             WHEN (n.value ->> 't')::timestamptz >= (c.value ->> 't')::timestamptz THEN n.value
                             ELSE c.value END)
                      FROM jsonb_each(o.vals) c FULL JOIN jsonb_each(excluded.vals) n ON n.key = c.key),
              event_time = greatest(o.event_time, excluded.event_time),
              updated_at = now()""";

    private static final String SELECT_ONLINE =
            "SELECT entity_key, vals FROM feature_online WHERE view_id = $1 AND entity_key = ANY($2)";

    /** Point in time by event time; {@code %s} is where the known-time condition goes (or nothing). */
    private static final String SELECT_AS_OF_TEMPLATE = """
            SELECT r.i, f.name, h.v, h.t
            FROM jsonb_to_recordset($2::text::jsonb) AS r(i int, k text, ts timestamptz)
            CROSS JOIN unnest($3::text[]) AS f(name)
            CROSS JOIN LATERAL (
              SELECT x.vals ->> f.name AS v, x.event_time AS t
              FROM feature_history x
              WHERE x.view_id = $1 AND x.entity_key = r.k AND x.event_time <= r.ts AND x.vals ? f.name%s
              ORDER BY x.event_time DESC, x.id DESC
              LIMIT 1) h""";
    /** Only what had been ingested by the row's timestamp: a backfill never answers for rows before it arrived. */
    private static final String SELECT_AS_OF_KNOWN = SELECT_AS_OF_TEMPLATE.formatted(" AND x.ingested_at <= r.ts");
    private static final String SELECT_AS_OF_EVENT = SELECT_AS_OF_TEMPLATE.formatted("");

    private static final String SELECT_FRESHNESS =
            "SELECT max(event_time) AS latest, count(*) AS rows FROM feature_online WHERE view_id = $1";

    private static final String SELECT_NEWEST_BY_VIEW = """
            SELECT v.name, (SELECT max(o.event_time) FROM feature_online o WHERE o.view_id = v.id) AS latest
            FROM feature_view v""";

    private static final String SELECT_TOP_CATEGORIES = """
            SELECT vals -> $2::text ->> 'v' AS category, count(*) AS n
            FROM feature_online
            WHERE view_id = $1 AND vals -> $2::text ->> 'v' IS NOT NULL
            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $3""";

    private final Pool pool;
    private final ObjectMapper json;

    public FeatureRowRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /**
     * Appends every row to the history and merges them into the online store on {@code conn} (the caller's
     * transaction, which also writes the aggregation events and tiles).
     */
    public Uni<Void> write(SqlConnection conn, long viewId, List<FeatureRow> rows) {
        List<Map<String, Object>> history = new ArrayList<>(rows.size());
        // Sorted by key: concurrent batches lock the rows they share in the same order and cannot deadlock.
        Map<String, OnlineRow> online = new TreeMap<>();
        for (FeatureRow row : rows) {
            history.add(Map.of("k", row.entityKey(), "t", row.eventTime().toString(), "v", row.values()));
            mergeOnline(online, row);
        }
        String historyJson = write(history);
        String onlineJson = write(online.values().stream().map(OnlineRow::json).toList());
        return conn.preparedQuery(INSERT_HISTORY).execute(Tuple.of(viewId, historyJson))
                .chain(() -> conn.preparedQuery(UPSERT_ONLINE).execute(Tuple.of(viewId, onlineJson)))
                .replaceWithVoid();
    }

    /** The online rows of the keys that have one, by entity key. */
    public Uni<Map<String, OnlineEntity>> latest(long viewId, List<String> entityKeys) {
        return pool.preparedQuery(SELECT_ONLINE).execute(Tuple.of(viewId, entityKeys.toArray(new String[0])))
                .map(rows -> {
                    Map<String, OnlineEntity> out = new HashMap<>();
                    Map<String, Instant> parsed = new HashMap<>();
                    for (Row row : rows) {
                        String key = row.getString("entity_key");
                        out.put(key, new OnlineEntity(key, cells(row.getJsonObject("vals"), parsed)));
                    }
                    return out;
                });
    }

    /**
     * Decodes the stored {@code feature -> {"v": value, "t": event time}} shape; it never leaves this class.
     * Features written together share one event time, so each distinct timestamp text of a read is parsed
     * once ({@code parsed}): parsing every cell's was a fifth of the service's CPU on 100-key reads.
     */
    private static Map<String, OnlineCell> cells(JsonObject vals, Map<String, Instant> parsed) {
        Map<String, OnlineCell> cells = new HashMap<>(vals.size() * 2);
        for (Map.Entry<String, Object> e : vals) {
            JsonObject cell = (JsonObject) e.getValue();
            Instant eventTime = parsed.computeIfAbsent(cell.getString("t"), Instant::parse);
            cells.put(e.getKey(), new OnlineCell(cell.getValue("v"), eventTime));
        }
        return cells;
    }

    /**
     * For each (entity row, feature), the newest history value with event time at or before the row's
     * timestamp and, when {@code knownOnly}, also ingested at or before it.
     */
    public Uni<List<PointInTimeValue>> asOf(long viewId, List<String> entityKeys, List<Instant> timestamps,
                                            List<String> features, boolean knownOnly) {
        List<Map<String, Object>> entityRows = new ArrayList<>(entityKeys.size());
        for (int i = 0; i < entityKeys.size(); i++) {
            entityRows.add(Map.of("i", i, "k", entityKeys.get(i), "ts", timestamps.get(i).toString()));
        }
        Tuple args = Tuple.of(viewId, write(entityRows), features.toArray(new String[0]));
        return pool.preparedQuery(knownOnly ? SELECT_AS_OF_KNOWN : SELECT_AS_OF_EVENT).execute(args).map(rows -> {
            List<PointInTimeValue> out = new ArrayList<>();
            for (Row row : rows) {
                out.add(new PointInTimeValue(row.getInteger(0), row.getString(1), row.getString(2),
                        row.getOffsetDateTime(3).toInstant()));
            }
            return out;
        });
    }

    /** Newest event time (null when empty) and row count of a view's online store. */
    public Uni<OnlineSummary> summary(long viewId) {
        return pool.preparedQuery(SELECT_FRESHNESS).execute(Tuple.of(viewId)).map(rows -> {
            Row row = rows.iterator().next();
            OffsetDateTime latest = row.getOffsetDateTime("latest");
            return new OnlineSummary(latest == null ? null : latest.toInstant(), row.getLong("rows"));
        });
    }

    /** A view's online store at a glance. */
    public record OnlineSummary(Instant latestEventTime, long rows) {
    }

    /** Newest event time of every view that has rows, by view name. */
    public Uni<Map<String, Instant>> newestEventTimes() {
        return pool.query(SELECT_NEWEST_BY_VIEW).execute().map(rows -> {
            Map<String, Instant> out = new HashMap<>();
            for (Row row : rows) {
                OffsetDateTime latest = row.getOffsetDateTime("latest");
                if (latest != null) {
                    out.put(row.getString("name"), latest.toInstant());
                }
            }
            return out;
        });
    }

    /**
     * Aggregates over the online store: the row count, and per feature the non-null values plus, where
     * asked, min, max and mean ({@code numeric}) or the true count ({@code bool}).
     */
    public Uni<OnlineAggregates> aggregates(long viewId, List<String> features, List<Boolean> numeric, List<Boolean> bool) {
        StringBuilder sql = new StringBuilder("SELECT count(*) AS rows");
        List<Object> args = new ArrayList<>();
        args.add(viewId);
        for (int i = 0; i < features.size(); i++) {
            args.add(features.get(i));
            String value = "(vals -> $" + args.size() + "::text ->> 'v')";
            sql.append(", count(").append(value).append(") AS c").append(i);
            if (numeric.get(i)) {
                sql.append(", min(").append(value).append("::float8) AS min").append(i)
                        .append(", max(").append(value).append("::float8) AS max").append(i)
                        .append(", avg(").append(value).append("::float8) AS mean").append(i);
            }
            if (bool.get(i)) {
                sql.append(", count(*) FILTER (WHERE ").append(value).append(" = 'true') AS t").append(i);
            }
        }
        sql.append(" FROM feature_online WHERE view_id = $1");
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            Row row = rows.iterator().next();
            Map<String, FeatureAggregate> out = new LinkedHashMap<>();
            for (int i = 0; i < features.size(); i++) {
                boolean num = numeric.get(i);
                out.put(features.get(i), new FeatureAggregate(row.getLong("c" + i),
                        num ? row.getDouble("min" + i) : null,
                        num ? row.getDouble("max" + i) : null,
                        num ? row.getDouble("mean" + i) : null,
                        bool.get(i) ? row.getLong("t" + i) : null));
            }
            return new OnlineAggregates(row.getLong("rows"), out);
        });
    }

    /** The most frequent non-null values of one feature in the online store, most frequent first. */
    public Uni<List<Map.Entry<String, Long>>> topCategories(long viewId, String feature, int limit) {
        return pool.preparedQuery(SELECT_TOP_CATEGORIES).execute(Tuple.of(viewId, feature, limit)).map(rows -> {
            List<Map.Entry<String, Long>> out = new ArrayList<>();
            for (Row row : rows) {
                out.add(Map.entry(row.getString("category"), row.getLong("n")));
            }
            return out;
        });
    }

    /** Folds a row into the batch's online rows: per feature, the newer event time wins, later rows win ties. */
    private static void mergeOnline(Map<String, OnlineRow> online, FeatureRow row) {
        OnlineRow target = online.computeIfAbsent(row.entityKey(), k -> new OnlineRow(k, row.eventTime()));
        if (row.eventTime().isAfter(target.latest)) {
            target.latest = row.eventTime();
        }
        row.values().forEach((feature, value) -> {
            Cell current = target.cells.get(feature);
            if (current == null || !row.eventTime().isBefore(current.eventTime())) {
                target.cells.put(feature, new Cell(value, row.eventTime()));
            }
        });
    }

    private record Cell(Object value, Instant eventTime) {
    }

    private static final class OnlineRow {
        private final String entityKey;
        private final Map<String, Cell> cells = new LinkedHashMap<>();
        private Instant latest;

        private OnlineRow(String entityKey, Instant latest) {
            this.entityKey = entityKey;
            this.latest = latest;
        }

        private Map<String, Object> json() {
            Map<String, Object> vals = new HashMap<>();
            cells.forEach((feature, cell) -> {
                Map<String, Object> c = new HashMap<>();
                c.put("v", cell.value());
                c.put("t", cell.eventTime().toString());
                vals.put(feature, c);
            });
            return Map.of("k", entityKey, "t", latest.toString(), "v", vals);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise feature rows", e);
        }
    }
}
