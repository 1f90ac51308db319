package io.rtml.inference.service;

import io.rtml.common.rest.ApiException;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.event.Route;
import io.rtml.inference.config.InferenceConfig;
import io.rtml.inference.rest.BundleResponse;
import io.rtml.inference.rest.InferRequest;
import io.rtml.inference.rest.InferResponse;
import io.rtml.inference.rest.PredictRequest;
import io.rtml.inference.rest.PredictResponse;
import io.rtml.inference.runtime.Scored;
import io.rtml.inference.serving.EnrichedRow;
import io.rtml.inference.serving.FeatureEnricher;
import io.rtml.inference.serving.ServingMetrics;
import io.rtml.inference.routing.RoutePlanner;
import io.rtml.inference.routing.ServingPlan;
import io.rtml.inference.routing.ShadowScorer;
import io.rtml.inference.security.TenantAccess;
import io.rtml.inference.serving.TensorCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The one path behind every answer (REST predict and infer, gRPC, the stream, bulk jobs): resolve the
 * version, build rows (tensors or enrichment), score them through the version's dynamic batcher, publish
 * each answer, record metrics. The jobs themselves live in {@code io.rtml.inference.serving}; this class
 * only puts them in order, so the fast path reads in one place.
 */
@ApplicationScoped
public class PredictionService {

    private final ModelManager models;
    private final FeatureEnricher enricher;
    private final PredictionPublisher publisher;
    private final ReviewQueue review;
    private final ServingMetrics metrics;
    private final TensorCodec codec;
    private final int maxBatch;
    private final ShadowScorer shadow;
    private final TenantAccess tenants;
    private final RoutePlanner planner;

    public PredictionService(ModelManager models, FeatureEnricher enricher, PredictionPublisher publisher,
                             ReviewQueue review, ServingMetrics metrics, InferenceConfig config,
                             ShadowScorer shadow, TenantAccess tenants, RoutePlanner planner) {
        this.models = models;
        this.enricher = enricher;
        this.publisher = publisher;
        this.review = review;
        this.metrics = metrics;
        this.maxBatch = config.maxBatch();
        this.codec = new TensorCodec(config.maxBatch());
        this.shadow = shadow;
        this.tenants = tenants;
        this.planner = planner;
    }

    /**
     * rtml's predict, by entity key (enriched from the feature store), raw features, or both. A request that
     * names a tenant is served the version of the alias that tenant's subscription follows (404 for an unknown
     * tenant, 403 when its bundle lacks the model); the model's route (canary, shadow) applies to champion
     * followers and requests without a tenant. An instance that cannot be scored (unknown key and nothing
     * sent, a row the model cannot read) is answered with its own {@code error}; the others are scored.
     * Invalid requests fail the returned Uni with an {@link ApiException}; nothing is scored or published.
     */
    public Uni<PredictResponse> predict(String model, PredictRequest request) {
        return Uni.createFrom().deferred(() -> {
            if (model == null || model.isBlank()) {
                throw ApiException.badRequest("model is required");
            }
            List<PredictRequest.Instance> instances = validate(request);
            long start = System.nanoTime();
            metrics.started();
            return tenants.followedAlias(request.tenant(), model)
                    .flatMap(alias -> models.holding(() -> planner.plan(model, alias, request, instances),
                            PredictionService::used, plan -> execute(plan, request, instances, start)))
                    .onTermination().invoke(metrics::finished);
        });
    }

    /** Each group of the plan in one enrichment and one batcher call; the answers back in the call's order. */
    private Uni<PredictResponse> execute(ServingPlan plan, PredictRequest request, List<PredictRequest.Instance> instances,
                                         long start) {
        LoadedModel primary = plan.primary();
        Uni<PredictResponse> answered;
        if (plan.groups().size() == 1) {
            ServingPlan.Group only = plan.groups().get(0);
            answered = serve(only, request, instances, start)
                    .map(out -> new PredictResponse(primary.model(), primary.version(), plan.routeName(), out));
        } else {
            List<Uni<List<PredictResponse.Prediction>>> each = plan.groups().stream()
                    .map(g -> serve(g, request, g.pick(instances), start)).toList();
            answered = Uni.join().all(each).andFailFast().map(parts -> new PredictResponse(primary.model(),
                    primary.version(), plan.routeName(), inCallOrder(plan, parts, instances.size())));
        }
        return plan.shadowChallenger() == 0 ? answered
                : answered.invoke(answer -> shadow.copy(plan.shadowChallenger(), primary, request, instances));
    }

    private static List<PredictResponse.Prediction> inCallOrder(ServingPlan plan, List<List<PredictResponse.Prediction>> parts,
                                                                int size) {
        PredictResponse.Prediction[] out = new PredictResponse.Prediction[size];
        for (int g = 0; g < parts.size(); g++) {
            List<Integer> indices = plan.groups().get(g).indices();
            for (int i = 0; i < indices.size(); i++) {
                out[indices.get(i)] = parts.get(g).get(i);
            }
        }
        return List.of(out);
    }

    /** One group of a plan: the holdout answered by its fallback, any other group scored on its version. */
    private Uni<List<PredictResponse.Prediction>> serve(ServingPlan.Group group, PredictRequest request,
                                                         List<PredictRequest.Instance> instances, long start) {
        return group.heldOut() ? Uni.createFrom().item(() -> answerHeldOut(group, request, instances, start))
                : serve(group.loaded(), group.route(), request, instances, start);
    }

    /**
     * The holdout's answers: the model's fallback output for every instance, with no enrichment and no model run,
     * published on the predictions topic (route holdout, the champion's version they were held out from) so the
     * monitor can join their outcomes; never sent for review, since no model was unsure.
     */
    private List<PredictResponse.Prediction> answerHeldOut(ServingPlan.Group group, PredictRequest request,
                                                           List<PredictRequest.Instance> instances, long start) {
        LoadedModel champion = group.loaded();
        String output = group.fallback().output();
        double latencyMs = (System.nanoTime() - start) / 1e6;
        Instant now = Instant.now();
        List<PredictResponse.Prediction> out = new ArrayList<>(instances.size());
        for (PredictRequest.Instance in : instances) {
            String requestId = in.requestId() != null ? in.requestId() : UUID.randomUUID().toString();
            out.add(new PredictResponse.Prediction(requestId, in.entityKey(), champion.version(), "holdout", output,
                    null, null, null, null));
            publisher.publish(new PredictionEvent(requestId, request.tenant(), champion.model(), champion.version(),
                    Route.HOLDOUT, in.features() == null ? Map.of() : in.features(), output, Map.of(), latencyMs, now));
        }
        metrics.request(champion.model(), champion.version(), "holdout", true, start);
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

    /**
     * A tenant's bundle in one call: for every instance, the answer of every model the tenant subscribes to,
     * each served as its own predict call would be (the followed alias, the model's route), from one
     * feature-store read of the union of the bundle's features. A model that cannot answer carries its error and
     * the others still answer; an unknown tenant is a 404, an unreachable feature store a 503.
     */
    public Uni<BundleResponse> predictBundle(String tenant, PredictRequest request) {
        return Uni.createFrom().deferred(() -> {
            List<PredictRequest.Instance> instances = validate(request);
            PredictRequest asked = request.forTenant(tenant);
            long start = System.nanoTime();
            metrics.started();
            return tenants.subscriptions(tenant)
                    .flatMap(bundle -> {
                        List<String> names = bundle.keySet().stream().sorted().toList();
                        Supplier<Uni<List<Object>>> plans = () -> Uni.join().all(names.stream()
                                .map(m -> planner.plan(m, bundle.get(m), asked, instances).map(p -> (Object) p)
                                        .onFailure().recoverWithItem(e -> (Object) e)).toList()).andFailFast();
                        return names.isEmpty() ? Uni.createFrom().item(new BundleResponse(tenant, List.of()))
                                : models.holding(plans,
                                        resolved -> resolved.stream().filter(ServingPlan.class::isInstance)
                                                .flatMap(p -> used((ServingPlan) p).stream()).toList(),
                                        resolved -> executeBundle(tenant, names, resolved, asked, instances, start));
                    })
                    .onTermination().invoke(metrics::finished);
        });
    }

    private Uni<BundleResponse> executeBundle(String tenant, List<String> names, List<Object> resolved, PredictRequest request,
                                              List<PredictRequest.Instance> instances, long start) {
        Map<LoadedModel, List<PredictRequest.Instance>> groups = new LinkedHashMap<>();
        for (Object r : resolved) {
            if (r instanceof ServingPlan plan) {
                plan.groups().stream().filter(g -> !g.heldOut()).forEach(g -> groups.put(g.loaded(), g.pick(instances)));
            }
        }
        return enricher.enrichEach(groups).flatMap(rows -> {
            List<Uni<BundleResponse.ModelAnswer>> answers = new ArrayList<>(names.size());
            for (int m = 0; m < names.size(); m++) {
                if (!(resolved.get(m) instanceof ServingPlan plan)) {
                    Throwable e = (Throwable) resolved.get(m);
                    answers.add(Uni.createFrom().item(new BundleResponse.ModelAnswer(names.get(m), null, null, null,
                            e.getMessage())));
                    continue;
                }
                List<Uni<List<PredictResponse.Prediction>>> parts = plan.groups().stream()
                        .map(g -> g.heldOut() ? Uni.createFrom().item(() -> answerHeldOut(g, request, g.pick(instances), start))
                                : scoreEach(g.loaded(), rows.get(g.loaded()))
                                .map(outcomes -> answer(g.loaded(), g.route(), request, groups.get(g.loaded()), outcomes, start)))
                        .toList();
                LoadedModel primary = plan.primary();
                answers.add(Uni.join().all(parts).andFailFast()
                        .map(done -> new BundleResponse.ModelAnswer(plan.model(), primary.version(), plan.routeName(),
                                inCallOrder(plan, done, instances.size()), null))
                        .invoke(answer -> {
                            if (plan.shadowChallenger() != 0) {
                                shadow.copy(plan.shadowChallenger(), primary, request, instances);
                            }
                        })
                        .onFailure().recoverWithItem(e -> new BundleResponse.ModelAnswer(plan.model(), primary.version(),
                                plan.routeName(), null, e.getMessage())));
            }
            return Uni.join().all(answers).andFailFast().map(all -> new BundleResponse(tenant, all));
        });
    }

    /** Open Inference Protocol: one named tensor per model input, batch along the first dimension. */
    public Uni<InferResponse> infer(String model, Integer version, InferRequest request) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            metrics.started();
            return models.holding(() -> version == null ? models.champion(model) : models.version(model, version),
                    List::of, loaded -> {
                        Route route = models.isChampion(loaded) ? Route.CHAMPION : Route.CHALLENGER;
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

    /** The versions a plan scores on: held for the whole call, so an eviction cannot close one under it. */
    private static List<LoadedModel> used(ServingPlan plan) {
        return plan.groups().stream().map(ServingPlan.Group::loaded).toList();
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
