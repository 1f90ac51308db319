package io.rtml.monitor.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The durable label join, in PostgreSQL: every prediction with a request id is kept
 * ({@code label_join_prediction}) until its label comes or {@code labels.prediction-ttl} passes; every
 * label is kept ({@code label_join_label}) for {@code labels.early-label-ttl}, for predictions that come
 * after it (a late shadow answer, a label posted before its prediction was logged). A pair that meets
 * is joined once: the prediction's row is deleted in the same statement that reports it, in the flush's
 * transaction, and its outcome is written with its bucket in that transaction, so neither a restart nor
 * a failed flush loses or double-counts it. The first label of a request wins.
 *
 * <p>Why PostgreSQL rather than a map in memory: a label may come days after its prediction and after
 * any number of restarts; the cost is one row per prediction, written in batches at each flush.
 */
@ApplicationScoped
public class LabelJoin {

    /** Rows per statement: 6 parameters each, well under PostgreSQL's 65,535. */
    static final int CHUNK = 1000;

    public record PredictionRow(String model, String requestId, int version, String output, Instant predictedAt,
                                Instant receivedAt) {
    }

    public record LabelRow(String model, String requestId, String label, Instant receivedAt) {
    }

    /** A prediction joined to its label. */
    public record Joined(String model, String requestId, int version, Instant predictedAt, boolean correct) {
    }

    /** Labels let go of by an expiry, and those still waiting for their prediction. */
    public record Expiry(long unmatchedExpired, long unmatchedWaiting) {
    }

    private record Candidate(String model, String requestId) {
    }

    /**
     * Writes the rows of one flush and joins every prediction and label that now meet (the new rows with
     * each other and with the stored ones). Runs in the caller's transaction. The answer is in the order the
     * labels arrived: first the pairs whose label was already stored (a new prediction met it), then those
     * of the batch's labels, in their order.
     */
    public Uni<List<Joined>> write(List<PredictionRow> predictions, List<LabelRow> labels) {
        if (predictions.isEmpty() && labels.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<Candidate> candidates = new LinkedHashSet<>();
        predictions.forEach(p -> candidates.add(new Candidate(p.model(), p.requestId())));
        labels.forEach(l -> candidates.add(new Candidate(l.model(), l.requestId())));
        return chunks(predictions, this::insertPredictions)
                .chain(() -> chunks(labels, this::insertLabels))
                .chain(() -> Multi.createFrom().iterable(chunked(new ArrayList<>(candidates)))
                        .onItem().transformToUniAndConcatenate(this::join)
                        .collect().in(ArrayList<Joined>::new, List::addAll)
                        .map(list -> inLabelOrder(list, labels)));
    }

    private static List<Joined> inLabelOrder(List<Joined> joined, List<LabelRow> labels) {
        Map<Candidate, Integer> position = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            position.putIfAbsent(new Candidate(labels.get(i).model(), labels.get(i).requestId()), i);
        }
        return joined.stream().sorted(Comparator
                .comparingInt((Joined j) -> position.getOrDefault(new Candidate(j.model(), j.requestId()), -1))
                .thenComparing(Joined::predictedAt)).toList();
    }

    private <T> Uni<Void> chunks(List<T> rows, BiFunction<Mutiny.Session, List<T>, Uni<Integer>> write) {
        return Multi.createFrom().iterable(chunked(rows))
                .onItem().transformToUniAndConcatenate(chunk -> Panache.getSession().chain(s -> write.apply(s, chunk)))
                .collect().last().replaceWithVoid();
    }

    private static <T> List<List<T>> chunked(List<T> rows) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += CHUNK) {
            out.add(rows.subList(i, Math.min(rows.size(), i + CHUNK)));
        }
        return out;
    }

    private Uni<Integer> insertPredictions(Mutiny.Session session, List<PredictionRow> rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO label_join_prediction "
                + "(model, request_id, version, output, predicted_at, received_at) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            int b = i * 6;
            sql.append(i == 0 ? "" : ", ").append("(CAST(?").append(b + 1).append(" AS VARCHAR), CAST(?").append(b + 2)
                    .append(" AS VARCHAR), CAST(?").append(b + 3).append(" AS INT), CAST(?").append(b + 4)
                    .append(" AS TEXT), ").append(millis(b + 5)).append(", ").append(millis(b + 6)).append(')');
        }
        sql.append(" ON CONFLICT DO NOTHING");
        Mutiny.Query<Object> query = session.createNativeQuery(sql.toString());
        for (int i = 0; i < rows.size(); i++) {
            PredictionRow r = rows.get(i);
            int b = i * 6;
            query.setParameter(b + 1, r.model());
            query.setParameter(b + 2, r.requestId());
            query.setParameter(b + 3, r.version());
            query.setParameter(b + 4, r.output());
            query.setParameter(b + 5, r.predictedAt().toEpochMilli());
            query.setParameter(b + 6, r.receivedAt().toEpochMilli());
        }
        return query.executeUpdate();
    }

    private Uni<Integer> insertLabels(Mutiny.Session session, List<LabelRow> rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO label_join_label (model, request_id, label, received_at) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            int b = i * 4;
            sql.append(i == 0 ? "" : ", ").append("(CAST(?").append(b + 1).append(" AS VARCHAR), CAST(?").append(b + 2)
                    .append(" AS VARCHAR), CAST(?").append(b + 3).append(" AS TEXT), ").append(millis(b + 4)).append(')');
        }
        // The first label of a request wins; a later one for the same request is dropped here.
        sql.append(" ON CONFLICT DO NOTHING");
        Mutiny.Query<Object> query = session.createNativeQuery(sql.toString());
        for (int i = 0; i < rows.size(); i++) {
            LabelRow r = rows.get(i);
            int b = i * 4;
            query.setParameter(b + 1, r.model());
            query.setParameter(b + 2, r.requestId());
            query.setParameter(b + 3, r.label());
            query.setParameter(b + 4, r.receivedAt().toEpochMilli());
        }
        return query.executeUpdate();
    }

    private Uni<List<Joined>> join(List<Candidate> candidates) {
        StringBuilder sql = new StringBuilder("WITH c(model, request_id) AS (VALUES ");
        for (int i = 0; i < candidates.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(CAST(?").append(2 * i + 1).append(" AS VARCHAR), CAST(?")
                    .append(2 * i + 2).append(" AS VARCHAR))");
        }
        sql.append("), d AS (DELETE FROM label_join_prediction p USING label_join_label l, c"
                + " WHERE p.model = c.model AND p.request_id = c.request_id"
                + " AND l.model = p.model AND l.request_id = p.request_id"
                + " RETURNING p.model, p.request_id, p.version, p.output, p.predicted_at, l.label),"
                + " u AS (UPDATE label_join_label l SET joined = TRUE FROM d"
                + " WHERE l.model = d.model AND l.request_id = d.request_id AND NOT l.joined)"
                + " SELECT d.model, d.version, CAST(EXTRACT(EPOCH FROM d.predicted_at) * 1000 AS BIGINT),"
                + " d.output = d.label, d.request_id FROM d");
        return Panache.getSession().chain(session -> {
            Mutiny.Query<Object> query = session.createNativeQuery(sql.toString());
            for (int i = 0; i < candidates.size(); i++) {
                query.setParameter(2 * i + 1, candidates.get(i).model());
                query.setParameter(2 * i + 2, candidates.get(i).requestId());
            }
            return ((Mutiny.SelectionQuery<Object[]>) (Mutiny.SelectionQuery<?>) query).getResultList();
        }).map(rows -> rows.stream().map(r -> new Joined((String) r[0], (String) r[4], ((Number) r[1]).intValue(),
                Instant.ofEpochMilli(((Number) r[2]).longValue()), Boolean.TRUE.equals(r[3]))).toList());
    }

    /**
     * Forgets predictions received before {@code predictionCutoff} and labels received before
     * {@code labelCutoff}; answers how many of those labels never met a prediction, and how many wait now.
     */
    public Uni<Expiry> expire(Instant predictionCutoff, Instant labelCutoff) {
        return Panache.getSession().chain(s -> s.<Object>createNativeQuery(
                                "DELETE FROM label_join_prediction WHERE received_at < " + millis(1))
                        .setParameter(1, predictionCutoff.toEpochMilli()).executeUpdate()
                .chain(() -> s.<Object>createNativeQuery("WITH d AS (DELETE FROM label_join_label WHERE received_at < "
                                + millis(1) + " RETURNING joined) SELECT COUNT(*) FROM d WHERE NOT d.joined")
                        .setParameter(1, labelCutoff.toEpochMilli()).getSingleResult())
                .chain(expired -> s.<Object>createNativeQuery("SELECT COUNT(*) FROM label_join_label WHERE NOT joined")
                        .getSingleResult()
                        .map(waiting -> new Expiry(((Number) expired).longValue(), ((Number) waiting).longValue()))));
    }

    private static String millis(int parameter) {
        return "TO_TIMESTAMP(CAST(?" + parameter + " AS BIGINT) / 1000.0)";
    }
}
