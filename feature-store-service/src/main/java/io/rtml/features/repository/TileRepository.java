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
import java.time.OffsetDateTime;
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
 * reading the tiles and raw events of many (entity, tile series, time range) in one statement, and removing old
 * tiles.
 */
@ApplicationScoped
public class TileRepository {

    /**
     * Counts and sums add, min/max keep the extreme, the newer event time's value is the last one (a later write
     * wins a tie), ingested_at is the newest ingestion time of what the tile holds.
     */
    private static final String UPSERT = """
            INSERT INTO feature_tile AS t (view_id, feature, bucket_seconds, entity_key, bucket, cnt, sum, min, max,
                                           last_value, last_time, ingested_at)
            SELECT $1, r.f, r.bs, r.k, r.b, r.c, r.s, r.mn, r.mx, r.lv, r.lt, r.ia
            FROM jsonb_to_recordset($2::text::jsonb)
                 AS r(f text, bs int, k text, b timestamptz, c bigint, s float8, mn float8, mx float8, lv jsonb,
                      lt timestamptz, ia timestamptz)
            ON CONFLICT (view_id, feature, bucket_seconds, entity_key, bucket) DO UPDATE SET
              cnt = t.cnt + excluded.cnt,
              sum = t.sum + excluded.sum,
              min = least(t.min, excluded.min),
              max = greatest(t.max, excluded.max),
              last_value = CASE WHEN excluded.last_time >= t.last_time THEN excluded.last_value ELSE t.last_value END,
              last_time = greatest(t.last_time, excluded.last_time),
              ingested_at = greatest(t.ingested_at, excluded.ingested_at)""";

    /** The stored sketches of the tiles a batch touches; the upsert before it already holds their row locks. */
    private static final String SELECT_SKETCHES_FOR_UPDATE = """
            SELECT t.feature, t.bucket_seconds, t.entity_key, t.bucket, t.sketch
            FROM feature_tile t
            JOIN jsonb_to_recordset($2::text::jsonb) AS r(f text, bs int, k text, b timestamptz)
              ON t.feature = r.f AND t.bucket_seconds = r.bs AND t.entity_key = r.k AND t.bucket = r.b
            WHERE t.view_id = $1
            FOR UPDATE OF t""";

    private static final String UPDATE_SKETCHES = """
            UPDATE feature_tile t SET sketch = decode(r.s, 'base64')
            FROM jsonb_to_recordset($2::text::jsonb) AS r(f text, bs int, k text, b timestamptz, s text)
            WHERE t.view_id = $1 AND t.feature = r.f AND t.bucket_seconds = r.bs AND t.entity_key = r.k
              AND t.bucket = r.b""";

    /**
     * Tiles of bucket ranges and raw events of time ranges, each row tagged with the index of the range it
     * answers. The ranges come as arrays, one per column ({@code unnest}): cheaper to send and to parse than
     * one JSON document, and the planner sees their real length. A tile's last value and sketch come back only
     * where the range asks for them. A null known-at time reads every event. Each range is one index lookup
     * ({@code LATERAL ... OFFSET 0} keeps the planner from joining the ranges against the whole table: with
     * the arrays' real length it would rather hash the view's event log, 100 times slower for a 100-key read).
     */
    private static final String SELECT_RANGES = """
            WITH tr AS (SELECT * FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::timestamptz[],
                                             $7::timestamptz[], $8::bool[], $9::bool[])
                                 AS q(i, k, f, bs, lo, hi, wl, ws)),
                 er AS (SELECT * FROM unnest($10::int[], $11::text[], $12::text[], $13::timestamptz[],
                                             $14::timestamptz[], $15::timestamptz[])
                                 AS q(i, k, f, lo, hi, ts))
            SELECT tr.i, t.bucket, t.cnt, t.sum, t.min, t.max, CASE WHEN tr.wl THEN t.last_value END, t.last_time,
                   CASE WHEN tr.ws THEN t.sketch END, t.ingested_at, 0::bigint AS id
            FROM tr CROSS JOIN LATERAL (
                SELECT * FROM feature_tile t
                WHERE t.view_id = $1 AND t.feature = tr.f AND t.bucket_seconds = tr.bs AND t.entity_key = tr.k
                  AND t.bucket BETWEEN tr.lo AND tr.hi
                OFFSET 0) t
            UNION ALL
            SELECT er.i, NULL, NULL, NULL, NULL, NULL, e.value, e.event_time, NULL, e.ingested_at, e.id
            FROM er CROSS JOIN LATERAL (
                SELECT * FROM feature_event e
                WHERE e.view_id = $1 AND e.feature = er.f AND e.entity_key = er.k
                  AND e.event_time >= er.lo AND e.event_time < er.hi AND (er.ts IS NULL OR e.ingested_at <= er.ts)
                OFFSET 0) e""";

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
        // The caller gives tiles in one order (entity, source, bucket size, bucket): concurrent batches lock the rows
        // they share in that order and cannot deadlock.
        if (tiles.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = new ArrayList<>(tiles.size());
        Map<String, byte[]> sketches = new HashMap<>();
        List<Map<String, Object>> sketchKeys = new ArrayList<>();
        for (Tile t : tiles) {
            Map<String, Object> r = new HashMap<>();
            r.put("f", t.series().feature());
            r.put("bs", t.series().bucketSeconds());
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
                sketches.put(id(t.series().feature(), t.series().bucketSeconds(), t.entityKey(), t.bucket()), t.sketch());
                sketchKeys.add(Map.of("f", t.series().feature(), "bs", t.series().bucketSeconds(), "k", t.entityKey(),
                        "b", t.bucket().toString()));
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
                        Instant bucket = row.getOffsetDateTime(3).toInstant();
                        String id = id(row.getString(0), row.getInteger(1), row.getString(2), bucket);
                        Buffer old = row.getBuffer(4);
                        byte[] delta = sketches.get(id);
                        byte[] merged = old == null ? delta : union.apply(old.getBytes(), delta);
                        updates.add(Map.of("f", row.getString(0), "bs", row.getInteger(1), "k", row.getString(2),
                                "b", bucket.toString(), "s", Base64.getEncoder().encodeToString(merged)));
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
        int nt = tileRanges.size();
        Integer[] ti = new Integer[nt];
        String[] tk = new String[nt];
        String[] tf = new String[nt];
        Integer[] tbs = new Integer[nt];
        OffsetDateTime[] tlo = new OffsetDateTime[nt];
        OffsetDateTime[] thi = new OffsetDateTime[nt];
        Boolean[] twl = new Boolean[nt];
        Boolean[] tws = new Boolean[nt];
        for (int j = 0; j < nt; j++) {
            TileRange r = tileRanges.get(j);
            ti[j] = r.index();
            tk[j] = r.entityKey();
            tf[j] = r.series().feature();
            tbs[j] = r.series().bucketSeconds();
            tlo[j] = utc(r.from());
            thi[j] = utc(r.to());
            twl[j] = r.withLastValue();
            tws[j] = r.withSketch();
        }
        int ne = eventRanges.size();
        Integer[] ei = new Integer[ne];
        String[] ek = new String[ne];
        String[] ef = new String[ne];
        OffsetDateTime[] elo = new OffsetDateTime[ne];
        OffsetDateTime[] ehi = new OffsetDateTime[ne];
        OffsetDateTime[] ets = new OffsetDateTime[ne];
        for (int j = 0; j < ne; j++) {
            EventRange r = eventRanges.get(j);
            ei[j] = r.index();
            ek[j] = r.entityKey();
            ef[j] = r.feature();
            elo[j] = utc(r.from());
            ehi[j] = utc(r.to());
            ets[j] = r.knownAt() == null ? null : utc(r.knownAt());
        }
        Tuple args = Tuple.tuple().addLong(viewId)
                .addArrayOfInteger(ti).addArrayOfString(tk).addArrayOfString(tf).addArrayOfInteger(tbs)
                .addArrayOfOffsetDateTime(tlo).addArrayOfOffsetDateTime(thi).addArrayOfBoolean(twl).addArrayOfBoolean(tws)
                .addArrayOfInteger(ei).addArrayOfString(ek).addArrayOfString(ef)
                .addArrayOfOffsetDateTime(elo).addArrayOfOffsetDateTime(ehi).addArrayOfOffsetDateTime(ets);
        return pool.preparedQuery(SELECT_RANGES).execute(args).map(rows -> {
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

    private static String id(String feature, int bucketSeconds, String entityKey, Instant bucket) {
        return feature + '\u0000' + bucketSeconds + '\u0000' + entityKey + '\u0000' + bucket;
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise aggregation tiles", e);
        }
    }
}
