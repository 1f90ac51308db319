package io.rtml.monitor.value;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rtml.contracts.event.OutcomeEvent;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.event.Route;
import io.rtml.contracts.kpi.Kpi;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The durable outcome join, in PostgreSQL: which side of the route answered each request id
 * ({@code outcome_prediction}: the model, or the holdout's fallback) and the first outcome of each request
 * ({@code outcome}). A KPI joins the two when it is asked for, so an outcome may come before or after its prediction
 * and survive any restart; an outcome that still knows no prediction after {@code unknown-after} is counted and
 * dropped ({@link #dropUnknown}). Shadow answers are not kept: nobody saw them, so no outcome follows from them.
 */
@ApplicationScoped
public class OutcomeJoin {

    /** Rows per statement, well under PostgreSQL's 65,535 parameters. */
    static final int CHUNK = 1000;

    /** One time bucket of one side ({@code model} or {@code holdout}). */
    public record BucketRow(String side, Instant start, SideSummary summary) {
    }

    /** Keeps the route side of the predictions that have a request id; runs in the caller's transaction. */
    public Uni<Void> predictions(List<PredictionEvent> events) {
        List<PredictionEvent> kept = events.stream().filter(e -> e != null && e.requestId() != null && e.model() != null
                && e.route() != Route.SHADOW).toList();
        return chunks(kept, this::insertPredictions);
    }

    /** Keeps outcomes (the first per request wins); runs in the caller's transaction. */
    public Uni<Void> outcomes(List<OutcomeEvent> events, Instant receivedAt) {
        List<OutcomeEvent> kept = events.stream().filter(e -> e != null && e.requestId() != null && e.model() != null)
                .toList();
        return chunks(kept, (s, rows) -> insertOutcomes(s, rows, receivedAt));
    }

    /** Deletes outcomes received before {@code cutoff} that met no prediction; answers how many. */
    public Uni<Long> dropUnknown(Instant cutoff) {
        return Panache.getSession().chain(s -> s.<Object>createNativeQuery("WITH d AS (DELETE FROM outcome o"
                        + " WHERE o.received_at < " + millis(1) + " AND NOT EXISTS (SELECT 1 FROM outcome_prediction p"
                        + " WHERE p.model = o.model AND p.request_id = o.request_id) RETURNING 1) SELECT COUNT(*) FROM d")
                .setParameter(1, cutoff.toEpochMilli()).getSingleResult().map(n -> ((Number) n).longValue()));
    }

    /** Forgets predictions made and outcomes received before {@code cutoff} (past the longest KPI window). */
    public Uni<Void> expire(Instant cutoff) {
        return Panache.getSession().chain(s -> s.<Object>createNativeQuery(
                                "DELETE FROM outcome_prediction WHERE predicted_at < " + millis(1))
                        .setParameter(1, cutoff.toEpochMilli()).executeUpdate()
                .chain(() -> s.<Object>createNativeQuery("DELETE FROM outcome WHERE received_at < " + millis(1))
                        .setParameter(1, cutoff.toEpochMilli()).executeUpdate()))
                .replaceWithVoid();
    }

    /** Models with predictions kept since {@code since}. */
    public Uni<List<String>> models(Instant since) {
        return Panache.getSession().chain(s -> s.<String>createNativeQuery(
                        "SELECT DISTINCT model FROM outcome_prediction WHERE predicted_at >= " + millis(1), String.class)
                .setParameter(1, since.toEpochMilli()).getResultList());
    }

    /**
     * The joined outcomes of {@code model}'s predictions made in [from, to), per side and per bucket of
     * {@code bucketSeconds}, for the KPI's outcome field (a prediction whose outcome lacks that field is not counted).
     */
    public Uni<List<BucketRow>> buckets(String model, Kpi.Outcome outcome, Instant from, Instant to, long bucketSeconds) {
        String value = switch (outcome) {
            case OPENED -> "CAST(CAST(o.opened AS INT) AS DOUBLE PRECISION)";
            case CLICKED -> "CAST(CAST(o.clicked AS INT) AS DOUBLE PRECISION)";
            case REVENUE -> "o.revenue";
        };
        String sql = "SELECT p.side, CAST(FLOOR(EXTRACT(EPOCH FROM p.predicted_at) / ?4) * ?4 AS BIGINT) AS b,"
                + " COUNT(*), SUM(v.x), SUM(v.x * v.x)"
                + " FROM outcome_prediction p JOIN outcome o ON o.model = p.model AND o.request_id = p.request_id"
                + " CROSS JOIN LATERAL (SELECT " + value + " AS x) v"
                + " WHERE p.model = ?1 AND p.predicted_at >= " + millis(2) + " AND p.predicted_at < " + millis(3)
                + " AND v.x IS NOT NULL GROUP BY p.side, b ORDER BY b, p.side";
        return Panache.getSession().chain(s -> s.<Object[]>createNativeQuery(sql, Object[].class)
                        .setParameter(1, model).setParameter(2, from.toEpochMilli()).setParameter(3, to.toEpochMilli())
                        .setParameter(4, bucketSeconds).getResultList())
                .map(rows -> rows.stream().map(r -> new BucketRow((String) r[0],
                        Instant.ofEpochSecond(((Number) r[1]).longValue()),
                        new SideSummary(((Number) r[2]).longValue(), ((Number) r[3]).doubleValue(),
                                ((Number) r[4]).doubleValue()))).toList());
    }

    private <T> Uni<Void> chunks(List<T> rows, BiFunction<Mutiny.Session, List<T>, Uni<Integer>> write) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += CHUNK) {
            chunks.add(rows.subList(i, Math.min(rows.size(), i + CHUNK)));
        }
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(chunk -> Panache.getSession().chain(s -> write.apply(s, chunk)))
                .collect().last().replaceWithVoid();
    }

    private Uni<Integer> insertPredictions(Mutiny.Session session, List<PredictionEvent> rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO outcome_prediction (model, request_id, side, predicted_at) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            int b = i * 4;
            sql.append(i == 0 ? "" : ", ").append("(CAST(?").append(b + 1).append(" AS VARCHAR), CAST(?").append(b + 2)
                    .append(" AS TEXT), CAST(?").append(b + 3).append(" AS VARCHAR), ").append(millis(b + 4)).append(')');
        }
        // A request answered twice (a redelivery) keeps its first side.
        sql.append(" ON CONFLICT DO NOTHING");
        Mutiny.Query<Object> query = session.createNativeQuery(sql.toString());
        Instant now = Instant.now();
        for (int i = 0; i < rows.size(); i++) {
            PredictionEvent e = rows.get(i);
            int b = i * 4;
            query.setParameter(b + 1, e.model());
            query.setParameter(b + 2, e.requestId());
            query.setParameter(b + 3, e.route() == Route.HOLDOUT ? "holdout" : "model");
            query.setParameter(b + 4, (e.time() == null ? now : e.time()).toEpochMilli());
        }
        return query.executeUpdate();
    }

    private Uni<Integer> insertOutcomes(Mutiny.Session session, List<OutcomeEvent> rows, Instant receivedAt) {
        StringBuilder sql = new StringBuilder(
                "INSERT INTO outcome (model, request_id, opened, clicked, revenue, occurred_at, received_at) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            int b = i * 7;
            sql.append(i == 0 ? "" : ", ").append("(CAST(?").append(b + 1).append(" AS VARCHAR), CAST(?").append(b + 2)
                    .append(" AS TEXT), CAST(?").append(b + 3).append(" AS BOOLEAN), CAST(?").append(b + 4)
                    .append(" AS BOOLEAN), CAST(?").append(b + 5).append(" AS DOUBLE PRECISION), ")
                    .append(millis(b + 6)).append(", ").append(millis(b + 7)).append(')');
        }
        // The first outcome of a request wins.
        sql.append(" ON CONFLICT DO NOTHING");
        Mutiny.Query<Object> query = session.createNativeQuery(sql.toString());
        for (int i = 0; i < rows.size(); i++) {
            OutcomeEvent e = rows.get(i);
            int b = i * 7;
            query.setParameter(b + 1, e.model());
            query.setParameter(b + 2, e.requestId());
            query.setParameter(b + 3, e.opened());
            query.setParameter(b + 4, e.clicked());
            query.setParameter(b + 5, e.revenue());
            query.setParameter(b + 6, (e.occurredAt() == null ? receivedAt : e.occurredAt()).toEpochMilli());
            query.setParameter(b + 7, receivedAt.toEpochMilli());
        }
        return query.executeUpdate();
    }

    private static String millis(int parameter) {
        return "TO_TIMESTAMP(CAST(?" + parameter + " AS BIGINT) / 1000.0)";
    }
}
