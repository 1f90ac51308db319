package io.rtml.features.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Aggregation tiles in SQL: merging a batch's partial aggregates into them (inside the ingest transaction),
 * reading the tiles of many (entity, aggregation, bucket range) in one statement, and removing old ones.
 */
@ApplicationScoped
public class TileRepository {

    /** Counts and sums add, min/max keep the extreme, the newer event time's value is the last one. */
    private static final String UPSERT = """
            INSERT INTO feature_tile AS t (view_id, aggregation, entity_key, bucket, cnt, sum, min, max, last_value,
                                           last_time, ingested_at)
            SELECT $1, r.a, r.k, r.b, r.c, r.s, r.mn, r.mx, r.lv, r.lt, now()
            FROM jsonb_to_recordset($2::text::jsonb)
                 AS r(a text, k text, b timestamptz, c bigint, s float8, mn float8, mx float8, lv jsonb, lt timestamptz)
            ON CONFLICT (view_id, aggregation, entity_key, bucket) DO UPDATE SET
              cnt = t.cnt + excluded.cnt,
              sum = t.sum + excluded.sum,
              min = least(t.min, excluded.min),
              max = greatest(t.max, excluded.max),
              last_value = CASE WHEN excluded.last_time >= t.last_time THEN excluded.last_value ELSE t.last_value END,
              last_time = greatest(t.last_time, excluded.last_time),
              ingested_at = now()""";

    /** The stored sketches of the tiles a batch touches; the upsert before it already holds their row locks. */
    private static final String SELECT_SKETCHES_FOR_UPDATE = """
            SELECT t.aggregation, t.entity_key, t.bucket, t.sketch
            FROM feature_tile t
            JOIN jsonb_to_recordset($2::text::jsonb) AS r(a text, k text, b timestamptz)
              ON t.aggregation = r.a AND t.entity_key = r.k AND t.bucket = r.b
            WHERE t.view_id = $1
            FOR UPDATE OF t""";

    private static final String UPDATE_SKETCHES = """
            UPDATE feature_tile t SET sketch = decode(r.s, 'base64')
            FROM jsonb_to_recordset($2::text::jsonb) AS r(a text, k text, b timestamptz, s text)
            WHERE t.view_id = $1 AND t.aggregation = r.a AND t.entity_key = r.k AND t.bucket = r.b""";

    private static final String SELECT_RANGES = """
            SELECT q.i, t.aggregation, t.entity_key, t.bucket, t.cnt, t.sum, t.min, t.max, t.last_value, t.last_time,
                   t.sketch
            FROM jsonb_to_recordset($2::text::jsonb) AS q(i int, k text, a text, f timestamptz, u timestamptz)
            JOIN feature_tile t ON t.view_id = $1 AND t.aggregation = q.a AND t.entity_key = q.k
                               AND t.bucket BETWEEN q.f AND q.u""";

    private static final String DELETE_OLDER =
            "WITH gone AS (DELETE FROM feature_tile WHERE view_id = $1 AND bucket < $2 RETURNING 1) SELECT count(*) FROM gone";

    private final Pool pool;
    private final ObjectMapper json;

    public TileRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /**
     * Merges partial aggregates into the stored tiles on {@code conn} (the caller's transaction): one upsert for
     * the columns, then, for tiles with a sketch, read the stored sketch, union it in Java and write it back.
     */
    public Uni<Void> merge(SqlConnection conn, long viewId, List<Tile> tiles, BinaryOperator<byte[]> union) {
        if (tiles.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = new ArrayList<>(tiles.size());
        Map<String, byte[]> sketches = new HashMap<>();
        List<Map<String, Object>> sketchKeys = new ArrayList<>();
        for (Tile t : tiles) {
            Map<String, Object> r = new HashMap<>();
            r.put("a", t.aggregation());
            r.put("k", t.entityKey());
            r.put("b", t.bucket().toString());
            r.put("c", t.count());
            r.put("s", t.sum());
            r.put("mn", t.min());
            r.put("mx", t.max());
            r.put("lv", t.lastValue());
            r.put("lt", t.lastTime().toString());
            rows.add(r);
            if (t.sketch() != null) {
                sketches.put(id(t.aggregation(), t.entityKey(), t.bucket()), t.sketch());
                sketchKeys.add(Map.of("a", t.aggregation(), "k", t.entityKey(), "b", t.bucket().toString()));
            }
        }
        Uni<Void> upsert = conn.preparedQuery(UPSERT).execute(Tuple.of(viewId, write(rows))).replaceWithVoid();
        if (sketches.isEmpty()) {
            return upsert;
        }
        return upsert.chain(() -> conn.preparedQuery(SELECT_SKETCHES_FOR_UPDATE).execute(Tuple.of(viewId, write(sketchKeys))))
                .chain(stored -> {
                    List<Map<String, Object>> updates = new ArrayList<>(sketches.size());
                    for (Row row : stored) {
                        String id = id(row.getString(0), row.getString(1), row.getOffsetDateTime(2).toInstant());
                        Buffer old = row.getBuffer(3);
                        byte[] delta = sketches.get(id);
                        byte[] merged = old == null ? delta : union.apply(old.getBytes(), delta);
                        updates.add(Map.of("a", row.getString(0), "k", row.getString(1),
                                "b", row.getOffsetDateTime(2).toInstant().toString(),
                                "s", Base64.getEncoder().encodeToString(merged)));
                    }
                    return conn.preparedQuery(UPDATE_SKETCHES).execute(Tuple.of(viewId, write(updates)));
                })
                .replaceWithVoid();
    }

    /** The tiles of every range, in one statement; each tile comes with the index of the range it answers. */
    public Uni<Map<Integer, List<Tile>>> read(long viewId, List<TileRange> ranges) {
        if (ranges.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Map<String, Object>> args = new ArrayList<>(ranges.size());
        for (TileRange r : ranges) {
            args.add(Map.of("i", r.index(), "k", r.entityKey(), "a", r.aggregation(), "f", r.from().toString(),
                    "u", r.to().toString()));
        }
        return pool.preparedQuery(SELECT_RANGES).execute(Tuple.of(viewId, write(args))).map(rows -> {
            Map<Integer, List<Tile>> out = new HashMap<>();
            for (Row row : rows) {
                Buffer sketch = row.getBuffer("sketch");
                Tile tile = new Tile(row.getString("aggregation"), row.getString("entity_key"),
                        row.getOffsetDateTime("bucket").toInstant(), row.getLong("cnt"), row.getDouble("sum"),
                        row.getDouble("min"), row.getDouble("max"), row.getValue("last_value"),
                        row.getOffsetDateTime("last_time").toInstant(), sketch == null ? null : sketch.getBytes());
                out.computeIfAbsent(row.getInteger("i"), i -> new ArrayList<>()).add(tile);
            }
            return out;
        });
    }

    /** Removes a view's tiles whose bucket starts before {@code cutoff}; the number removed. */
    public Uni<Long> deleteOlderThan(long viewId, Instant cutoff) {
        return pool.preparedQuery(DELETE_OLDER).execute(Tuple.of(viewId, cutoff.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static String id(String aggregation, String entityKey, Instant bucket) {
        return aggregation + '\u0000' + entityKey + '\u0000' + bucket;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise aggregation tiles", e);
        }
    }
}
