package io.rtml.inference.service;

import io.rtml.common.rest.ApiException;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.event.Route;
import io.rtml.contracts.inference.RoutePolicy;
import io.rtml.inference.config.InferenceConfig;
import io.rtml.inference.rest.InferRequest;
import io.rtml.inference.rest.InferResponse;
import io.rtml.inference.rest.PredictRequest;
import io.rtml.inference.rest.PredictResponse;
import io.rtml.inference.runtime.Scored;
import io.rtml.inference.serving.EnrichedRow;
import io.rtml.inference.serving.FeatureEnricher;
import io.rtml.inference.serving.ServingMetrics;
import io.rtml.inference.routing.RouteTable;
import io.rtml.inference.routing.ShadowScorer;
import io.rtml.inference.serving.TensorCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one path behind every answer (REST predict and infer, gRPC, the stream, bulk jobs): resolve the
 * version, build rows (tensors or enrichment), score them through the version's dynamic batcher, publish
 * each answer, record metrics. The jobs themselves live in {@code io.rtml.inference.serving}; this class
 * only puts them in order, so the fast path reads in one place.
 */
@ApplicationScoped
public class PredictionService {

    private static final String CHAMPION = Route.CHAMPION.name().toLowerCase();
    private static final String CHALLENGER = Route.CHALLENGER.name().toLowerCase();
    /** A response whose instances were split between champion and challenger (each prediction says which). */
    private static final String CANARY = "canary";
    private static final Logger LOG = Logger.getLogger(PredictionService.class);

    private final ModelManager models;
    private final FeatureEnricher enricher;
    private final PredictionPublisher publisher;
    private final ReviewQueue review;
    private final ServingMetrics metrics;
    private final TensorCodec codec;
    private final int maxBatch;
    private final RouteTable routes;
    private final ShadowScorer shadow;

    public PredictionService(ModelManager models, FeatureEnricher enricher, PredictionPublisher publisher,
                             ReviewQueue review, ServingMetrics metrics, InferenceConfig config, RouteTable routes,
                             ShadowScorer shadow) {
        this.models = models;
        this.enricher = enricher;
        this.publisher = publisher;
        this.review = review;
        this.metrics = metrics;
        this.maxBatch = config.maxBatch();
        this.codec = new TensorCodec(config.maxBatch());
        this.routes = routes;
        this.shadow = shadow;
    }

    /**
     * rtml's predict, by entity key (enriched from the feature store), raw features, or both. An instance
     * that cannot be scored (unknown key and nothing sent, a row the model cannot read) is answered with its
     * own {@code error}; the others are scored. Invalid requests fail the returned Uni with an
     * {@link ApiException}; nothing is scored or published for them.
     */
    public Uni<PredictResponse> predict(String model, PredictRequest request) {
        return Uni.createFrom().deferred(() -> {
            if (model == null || model.isBlank()) {
                throw ApiException.badRequest("model is required");
            }
            List<PredictRequest.Instance> instances = validate(request);
            long start = System.nanoTime();
            metrics.started();
            return routes.policy(model)
                    .flatMap(policy -> models.champion(model).flatMap(champion -> switch (policy.active() ? policy.mode() : RoutePolicy.Mode.OFF) {
                        case CANARY -> canary(champion, policy, request, instances, start);
                        case SHADOW -> championOnly(champion, request, instances, start)
                                .invoke(answer -> shadow.copy(policy.challenger(), champion, request, instances));
                        case OFF -> championOnly(champion, request, instances, start);
                    }))
                    .onTermination().invoke(metrics::finished);
        });
    }

    private Uni<PredictResponse> championOnly(LoadedModel champion, PredictRequest request,
                                              List<PredictRequest.Instance> instances, long start) {
        return serve(champion, Route.CHAMPION, request, instances, start)
                .map(out -> new PredictResponse(champion.model(), champion.version(), CHAMPION, out));
    }

    /**
     * The canary's share of sticky keys is answered by the challenger, the rest by the champion, each
     * group in one enrichment and one batcher call. A challenger that cannot be loaded leaves its group to
     * the champion (counted and logged): a rollout never fails a request the champion can answer.
     */
    private Uni<PredictResponse> canary(LoadedModel champion, RoutePolicy policy, PredictRequest request,
                                        List<PredictRequest.Instance> instances, long start) {
        List<Integer> toChallenger = new ArrayList<>();
        List<Integer> toChampion = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            String key = policy.stickyBy() == RoutePolicy.StickyBy.TENANT ? request.tenant() : instances.get(i).entityKey();
            if (key == null || key.isBlank()) {
                throw ApiException.badRequest("Model " + champion.model() + " is in a canary that sticks by "
                        + policy.stickyBy().name().toLowerCase() + (policy.stickyBy() == RoutePolicy.StickyBy.TENANT
                        ? ": the request names no tenant" : ": instances[" + i + "] has no entityKey"));
            }
            (policy.canaryTakes(key) ? toChallenger : toChampion).add(i);
        }
        if (toChallenger.isEmpty()) {
            return championOnly(champion, request, instances, start);
        }
        return models.version(champion.model(), policy.challenger())
                .onFailure().recoverWithItem(e -> {
                    metrics.challengerFailure(champion.model(), "load");
                    LOG.warnf("%s: canary v%d could not be loaded (%s); the champion answers its share",
                            champion.model(), policy.challenger(), e.getMessage());
                    return null;
                })
                .flatMap(challenger -> {
                    if (challenger == null) {
                        return championOnly(champion, request, instances, start);
                    }
                    Uni<List<PredictResponse.Prediction>> champions = toChampion.isEmpty()
                            ? Uni.createFrom().item(List.of())
                            : serve(champion, Route.CHAMPION, request, pick(instances, toChampion), start);
                    Uni<List<PredictResponse.Prediction>> challengers =
                            serve(challenger, Route.CHALLENGER, request, pick(instances, toChallenger), start);
                    return Uni.combine().all().unis(champions, challengers).asTuple().map(both -> {
                        PredictResponse.Prediction[] out = new PredictResponse.Prediction[instances.size()];
                        for (int i = 0; i < toChampion.size(); i++) {
                            out[toChampion.get(i)] = both.getItem1().get(i);
                        }
                        for (int i = 0; i < toChallenger.size(); i++) {
                            out[toChallenger.get(i)] = both.getItem2().get(i);
                        }
                        return new PredictResponse(champion.model(), champion.version(),
                                toChampion.isEmpty() ? CHALLENGER : CANARY, List.of(out));
                    });
                });
    }

    private static List<PredictRequest.Instance> pick(List<PredictRequest.Instance> instances, List<Integer> indices) {
        List<PredictRequest.Instance> out = new ArrayList<>(indices.size());
        for (int i : indices) {
            out.add(instances.get(i));
        }
        return out;
    }

    /** Enriches, scores, publishes and counts {@code instances} on one version; the answers in their order. */
    private Uni<List<PredictResponse.Prediction>> serve(LoadedModel loaded, Route route, PredictRequest request,
                                                         List<PredictRequest.Instance> instances, long start) {
        String routeName = route.name().toLowerCase();
        return enricher.enrich(loaded, instances)
                .flatMap(rows -> scoreEach(loaded, rows))
                .map(scored -> answer(loaded, route, request, instances, scored, start))
                .onFailure().invoke(e -> metrics.request(loaded.model(), loaded.version(), routeName, false, start));
    }

    /** Open Inference Protocol: one named tensor per model input, batch along the first dimension. */
    public Uni<InferResponse> infer(String model, Integer version, InferRequest request) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            metrics.started();
            Uni<LoadedModel> target = version == null ? models.champion(model) : models.version(model, version);
            return target.flatMap(loaded -> {
                        Route route = isChampion(loaded) ? Route.CHAMPION : Route.CHALLENGER;
                        String routeName = route.name().toLowerCase();
                        List<Map<String, Object>> rows = codec.rows(loaded, request);
                        List<String> wanted = codec.requestedOutputs(request);
                        return scoreAll(loaded, rows).map(scored -> {
                            double latencyMs = (System.nanoTime() - start) / 1e6;
                            String baseId = request.id() != null ? request.id() : UUID.randomUUID().toString();
                            Instant now = Instant.now();
                            for (int i = 0; i < rows.size(); i++) {
                                Scored s = scored.get(i);
                                publish(loaded, s, new PredictionEvent(rows.size() == 1 ? baseId : baseId + "/" + i,
                                        null, model, loaded.version(), route, rows.get(i), s.label(), s.scores(),
                                        latencyMs, now));
                            }
                            metrics.request(model, loaded.version(), routeName, true, start);
                            return new InferResponse(model, Integer.toString(loaded.version()), request.id(), null,
                                    codec.outputs(loaded, scored, wanted));
                        }).onFailure().invoke(e -> metrics.request(model, loaded.version(), routeName, false, start));
                    })
                    .onTermination().invoke(metrics::finished);
        });
    }

    private List<PredictResponse.Prediction> answer(LoadedModel loaded, Route route, PredictRequest request,
                                                    List<PredictRequest.Instance> instances, List<Outcome> outcomes,
                                                    long start) {
        String routeName = route.name().toLowerCase();
        double latencyMs = (System.nanoTime() - start) / 1e6;
        Instant now = Instant.now();
        List<PredictResponse.Prediction> out = new ArrayList<>(instances.size());
        int failed = 0;
        for (int i = 0; i < instances.size(); i++) {
            PredictRequest.Instance in = instances.get(i);
            String requestId = in.requestId() != null ? in.requestId() : UUID.randomUUID().toString();
            Outcome o = outcomes.get(i);
            if (o.scored() == null) {
                failed++;
                out.add(new PredictResponse.Prediction(requestId, in.entityKey(), loaded.version(), routeName, null,
                        null, o.row().missing(), o.row().stale(), o.error()));
                continue;
            }
            out.add(new PredictResponse.Prediction(requestId, in.entityKey(), loaded.version(), routeName,
                    o.scored().label(), o.scored().scores(), o.row().missing(), o.row().stale(), null));
            publish(loaded, o.scored(), new PredictionEvent(requestId, request.tenant(), loaded.model(),
                    loaded.version(), route, o.row().values(), o.scored().label(), o.scored().scores(),
                    latencyMs, now));
        }
        metrics.instanceFailures(loaded.model(), failed);
        metrics.request(loaded.model(), loaded.version(), routeName, true, start);
        return out;
    }

    /** One instance's row and either its answer or why it has none. */
    private record Outcome(EnrichedRow row, Scored scored, String error) {
    }

    /**
     * Scores the rows that have something to score in one batcher call; a row with nothing at all is
     * answered with an error without reaching the model. If the runtime refuses the call, each row is
     * scored alone so only the rows it cannot read fail.
     */
    private Uni<List<Outcome>> scoreEach(LoadedModel loaded, List<EnrichedRow> rows) {
        List<Map<String, Object>> scorable = new ArrayList<>(rows.size());
        for (EnrichedRow row : rows) {
            if (!row.empty()) {
                scorable.add(row.values());
            }
        }
        return loaded.batcher().score(scorable)
                .map(scored -> merge(rows, scored))
                .onFailure(IllegalArgumentException.class).recoverWithUni(e -> scoreOneByOne(loaded, rows));
    }

    private static List<Outcome> merge(List<EnrichedRow> rows, List<Scored> scored) {
        List<Outcome> out = new ArrayList<>(rows.size());
        int next = 0;
        for (EnrichedRow row : rows) {
            out.add(row.empty() ? new Outcome(row, null, nothingToScore(row)) : new Outcome(row, scored.get(next++), null));
        }
        return out;
    }

    private Uni<List<Outcome>> scoreOneByOne(LoadedModel loaded, List<EnrichedRow> rows) {
        List<Uni<Outcome>> each = rows.stream().map(row -> row.empty()
                ? Uni.createFrom().item(new Outcome(row, null, nothingToScore(row)))
                : loaded.batcher().score(List.of(row.values()))
                        .map(s -> new Outcome(row, s.get(0), null))
                        .onFailure(IllegalArgumentException.class).recoverWithItem(e -> new Outcome(row, null,
                                "model " + loaded.model() + " v" + loaded.version() + " cannot score this instance: "
                                        + e.getMessage()))).toList();
        return Uni.join().all(each).andFailFast();
    }

    private static String nothingToScore(EnrichedRow row) {
        return row.unknownEntity()
                ? "entity key not found in the feature store and no features sent; missing " + row.missing()
                : "no feature values to score; missing " + row.missing() + (row.stale().isEmpty() ? ""
                : ", stale " + row.stale());
    }

    /** The tensor path: the whole batch or nothing, since the caller built every row. */
    private Uni<List<Scored>> scoreAll(LoadedModel loaded, List<Map<String, Object>> rows) {
        return loaded.batcher().score(rows)
                .onFailure(IllegalArgumentException.class).transform(e -> ApiException.badRequest("Model "
                        + loaded.model() + " v" + loaded.version() + " cannot score the input: " + e.getMessage()));
    }

    /** Every answer goes to the monitor; the unsure ones also to the review queue. Neither waits. */
    private void publish(LoadedModel loaded, Scored scored, PredictionEvent event) {
        publisher.publish(event);
        review.offer(event.requestId(), loaded, event.inputs(), scored);
    }

    private boolean isChampion(LoadedModel loaded) {
        LoadedModel champion = models.currentChampion(loaded.model());
        return champion == null || champion.version() == loaded.version();
    }

    private List<PredictRequest.Instance> validate(PredictRequest request) {
        if (request == null || request.instances() == null || request.instances().isEmpty()) {
            throw ApiException.badRequest("instances must list at least one instance");
        }
        if (request.instances().size() > maxBatch) {
            throw ApiException.badRequest("at most " + maxBatch + " instances per call, got "
                    + request.instances().size());
        }
        for (int i = 0; i < request.instances().size(); i++) {
            PredictRequest.Instance in = request.instances().get(i);
            if (in == null || (in.entityKey() == null && (in.features() == null || in.features().isEmpty()))) {
                throw ApiException.badRequest("instances[" + i + "] needs an entityKey, features, or both");
            }
        }
        return request.instances();
    }
}
