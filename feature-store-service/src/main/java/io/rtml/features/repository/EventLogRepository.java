package io.rtml.features.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregation event log ({@code feature_event}) in SQL: appending a batch's events, each identity (view,
 * feature, entity, event time, value) once, and reading a view's whole log for a tile rebuild.
 */
@ApplicationScoped
public class EventLogRepository {

    /** An event already in the log is left out, and so is not returned: only new events feed the tiles. */
    private static final String INSERT_NEW = """
            INSERT INTO feature_event (view_id, feature, entity_key, event_time, value, ingested_at)
            SELECT $1, r.f, r.k, r.t, r.v, now()
            FROM jsonb_to_recordset($2::text::jsonb) AS r(n int, f text, k text, t timestamptz, v jsonb)
            ORDER BY r.n
            ON CONFLICT (view_id, feature, entity_key, event_time, md5(value::text)) DO NOTHING
            RETURNING id, entity_key, feature, event_time, value, ingested_at""";

    private static final String SELECT_PAGE = """
            SELECT id, entity_key, feature, event_time, value, ingested_at FROM feature_event
            WHERE view_id = $1 AND id > $2 ORDER BY id LIMIT $3""";

    private final ObjectMapper json;

    public EventLogRepository(ObjectMapper json) {
        this.json = json;
    }

    /** Appends the events on {@code conn} (the caller's transaction); the ones that were new, in write order. */
    public Uni<List<AggregationEvent>> appendNew(SqlConnection conn, long viewId, List<AggregationEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Map<String, Object>> rows = new ArrayList<>(events.size());
        for (AggregationEvent e : events) {
            Map<String, Object> r = new HashMap<>();
            // The batch's order, so ids (and with them ties on event time) follow it.
            r.put("n", rows.size());
            r.put("f", e.feature());
            r.put("k", e.entityKey());
            r.put("t", e.eventTime().toString());
            r.put("v", e.value());
            rows.add(r);
        }
        return conn.preparedQuery(INSERT_NEW).execute(Tuple.of(viewId, write(rows))).map(EventLogRepository::events);
    }

    /** Up to {@code limit} events of the view with id above {@code afterId}, in write order. */
    public Uni<List<AggregationEvent>> page(SqlConnection conn, long viewId, long afterId, int limit) {
        return conn.preparedQuery(SELECT_PAGE).execute(Tuple.of(viewId, afterId, limit)).map(EventLogRepository::events);
    }

    private static List<AggregationEvent> events(Iterable<Row> rows) {
        List<AggregationEvent> out = new ArrayList<>();
        for (Row row : rows) {
            out.add(new AggregationEvent(row.getLong(0), row.getString(1), row.getString(2),
                    row.getOffsetDateTime(3).toInstant(), row.getValue(4), row.getOffsetDateTime(5).toInstant()));
        }
        out.sort((a, b) -> Long.compare(a.id(), b.id()));
        return out;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise aggregation events", e);
        }
    }
}
