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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Aggregation tiles in SQL: merging a batch's partial aggregates into them (inside the ingest transaction),
 * reading the tiles and raw events of many (entity, aggregation, time range) in one statement, and removing old
 * tiles.
 */
@ApplicationScoped
public class TileRepository {

    /**
     * Counts and sums add, min/max keep the extreme, the newer event time's value is the last one (a later write
     * wins a tie), ingested_at is the newest ingestion time of what the tile holds.
     */
    private static final String UPSERT = """
            INSERT INTO feature_tile AS t (view_id, aggregation, entity_key, bucket, cnt, sum, min, max, last_value,
                                           last_time, ingested_at)
            SELECT $1, r.a, r.k, r.b, r.c, r.s, r.mn, r.mx, r.lv, r.lt, r.ia
            FROM jsonb_to_recordset($2::text::jsonb)
                 AS r(a text, k text, b timestamptz, c bigint, s float8, mn float8, mx float8, lv jsonb, lt timestamptz,
                      ia timestamptz)
            ON CONFLICT (view_id, aggregation, entity_key, bucket) DO UPDATE SET
              cnt = t.cnt + excluded.cnt,
              sum = t.sum + excluded.sum,
              min = least(t.min, excluded.min),
              max = greatest(t.max, excluded.max),
              last_value = CASE WHEN excluded.last_time >= t.last_time THEN excluded.last_value ELSE t.last_value END,
              last_time = greatest(t.last_time, excluded.last_time),
              ingested_at = greatest(t.ingested_at, excluded.ingested_at)""";

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

    /**
     * Tiles of bucket ranges ($2) and raw events of time ranges ($3), each row tagged with the index of the range
     * it answers; events in write order within a range (by id), so a read folds them the same way every time.
     */
    private static final String SELECT_RANGES = """
            WITH tr AS (SELECT * FROM jsonb_to_recordset($2::text::jsonb) AS q(i int, k text, a text, f timestamptz, u timestamptz)),
                 er AS (SELECT * FROM jsonb_to_recordset($3::text::jsonb)
                                 AS q(i int, k text, s text, f timestamptz, u timestamptz, ts timestamptz))
            SELECT tr.i, t.bucket, t.cnt, t.sum, t.min, t.max, t.last_value, t.last_time, t.sketch, t.ingested_at,
                   0::bigint AS id
            FROM tr JOIN feature_tile t ON t.view_id = $1 AND t.aggregation = tr.a AND t.entity_key = tr.k
                                       AND t.bucket BETWEEN tr.f AND tr.u
            UNION ALL
            SELECT er.i, NULL, NULL, NULL, NULL, NULL, e.value, e.event_time, NULL, e.ingested_at, e.id
            FROM er JOIN feature_event e ON e.view_id = $1 AND e.feature = er.s AND e.entity_key = er.k
                                        AND e.event_time >= er.f AND e.event_time < er.u
                                        AND (er.ts IS NULL OR e.ingested_at <= er.ts)""";

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
        // The caller gives tiles in one order (entity, aggregation, bucket): concurrent batches lock the rows
        // they share in that order and cannot deadlock.
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
            r.put("ia", t.ingestedAt().toString());
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

    /**
     * The tiles of every tile range and the raw events of every event range, in one statement; each comes with the
     * index of the range it answers (events in write order).
     */
    public Uni<AggregationInputs> read(long viewId, List<TileRange> tileRanges, List<EventRange> eventRanges) {
        if (tileRanges.isEmpty() && eventRanges.isEmpty()) {
            return Uni.createFrom().item(new AggregationInputs(Map.of(), Map.of()));
        }
        List<Map<String, Object>> tileArgs = new ArrayList<>(tileRanges.size());
        for (TileRange r : tileRanges) {
            tileArgs.add(Map.of("i", r.index(), "k", r.entityKey(), "a", r.aggregation(), "f", r.from().toString(),
                    "u", r.to().toString()));
        }
        List<Map<String, Object>> eventArgs = new ArrayList<>(eventRanges.size());
        for (EventRange r : eventRanges) {
            Map<String, Object> arg = new HashMap<>();
            arg.put("i", r.index());
            arg.put("k", r.entityKey());
            arg.put("s", r.feature());
            arg.put("f", r.from().toString());
            arg.put("u", r.to().toString());
            arg.put("ts", r.knownAt() == null ? null : r.knownAt().toString());
            eventArgs.add(arg);
        }
        return pool.preparedQuery(SELECT_RANGES).execute(Tuple.of(viewId, write(tileArgs), write(eventArgs))).map(rows -> {
            Map<Integer, List<Tile>> tiles = new HashMap<>();
            Map<Integer, List<AggregationEvent>> events = new HashMap<>();
            for (Row row : rows) {
                int index = row.getInteger(0);
                Instant ingestedAt = row.getOffsetDateTime(9).toInstant();
                if (row.getOffsetDateTime(1) == null) {
                    events.computeIfAbsent(index, i -> new ArrayList<>()).add(new AggregationEvent(row.getLong(10), null,
                            null, row.getOffsetDateTime(7).toInstant(), row.getValue(6), ingestedAt));
                    continue;
                }
                Buffer sketch = row.getBuffer(8);
                tiles.computeIfAbsent(index, i -> new ArrayList<>()).add(new Tile(null, null,
                        row.getOffsetDateTime(1).toInstant(), row.getLong(2), row.getDouble(3), row.getDouble(4),
                        row.getDouble(5), row.getValue(6), row.getOffsetDateTime(7).toInstant(),
                        sketch == null ? null : sketch.getBytes(), ingestedAt));
            }
            events.values().forEach(list -> list.sort(Comparator.comparingLong(AggregationEvent::id)));
            return new AggregationInputs(tiles, events);
        });
    }

    /** Names of the views listed for a tile rebuild. */
    public Uni<List<String>> viewsToRebuild() {
        return pool.query("SELECT v.name FROM feature_tile_rebuild r JOIN feature_view v ON v.id = r.view_id ORDER BY v.name")
                .execute().map(rows -> {
                    List<String> names = new ArrayList<>();
                    for (Row row : rows) {
                        names.add(row.getString(0));
                    }
                    return names;
                });
    }

    /**
     * On {@code conn} (the rebuild's transaction): takes the view off the rebuild list, and when it was still on
     * it (no other replica took it), holds the tile table against writes until commit and removes the view's
     * tiles. True when the caller is to rebuild them.
     */
    public Uni<Boolean> startRebuild(SqlConnection conn, long viewId) {
        return conn.preparedQuery("DELETE FROM feature_tile_rebuild WHERE view_id = $1").execute(Tuple.of(viewId))
                .chain(taken -> taken.rowCount() == 0 ? Uni.createFrom().item(false)
                        : conn.query("LOCK TABLE feature_tile IN SHARE ROW EXCLUSIVE MODE").execute()
                                .chain(() -> conn.preparedQuery("DELETE FROM feature_tile WHERE view_id = $1")
                                        .execute(Tuple.of(viewId)))
                                .replaceWith(true));
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
