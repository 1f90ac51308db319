package io.rtml.inference.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.event.Route;
import io.rtml.inference.client.FeatureStoreClient;
import io.rtml.inference.client.OnlineFeatures;
import io.rtml.inference.config.InferenceConfig;
import io.rtml.inference.rest.InferRequest;
import io.rtml.inference.rest.InferResponse;
import io.rtml.inference.rest.PredictRequest;
import io.rtml.inference.rest.PredictResponse;
import io.rtml.inference.runtime.Scored;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers predict and infer calls: resolves the version, fills features from the feature store,
 * runs the model off the event loop, publishes every answer and records latency.
 */
@ApplicationScoped
public class PredictionService {

    private static final Set<String> NUMERIC = Set.of("BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16",
            "INT32", "INT64", "FP16", "FP32", "FP64");

    private final ModelManager models;
    private final FeatureStoreClient featureStore;
    private final PredictionPublisher publisher;
    private final ReviewQueue review;
    private final InferenceConfig config;
    private final MeterRegistry metrics;
    private final AtomicInteger inFlight;

    public PredictionService(ModelManager models, @RestClient FeatureStoreClient featureStore,
                             PredictionPublisher publisher, ReviewQueue review, InferenceConfig config,
                             MeterRegistry metrics) {
        this.models = models;
        this.featureStore = featureStore;
        this.publisher = publisher;
        this.review = review;
        this.config = config;
        this.metrics = metrics;
        this.inFlight = metrics.gauge("rtml_inference_in_flight", new AtomicInteger());
    }

    /**
     * rtml's predict: the one path behind {@code POST /api/v1/predict/{model}} and the
     * {@code rtml.inference-requests} stream. Invalid requests fail the returned Uni with an
     * {@link ApiException}; nothing is scored or published for them.
     */
    public Uni<PredictResponse> predict(String model, PredictRequest request) {
        return Uni.createFrom().deferred(() -> answer(model, request));
    }

    private Uni<PredictResponse> answer(String model, PredictRequest request) {
        if (model == null || model.isBlank()) {
            throw ApiException.badRequest("model is required");
        }
        List<PredictRequest.Instance> instances = validate(request);
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        return models.champion(model)
                .flatMap(loaded -> enrich(loaded, instances).flatMap(rows -> score(loaded, rows)
                        .map(scored -> {
                            double latencyMs = (System.nanoTime() - start) / 1e6;
                            List<PredictResponse.Prediction> out = new ArrayList<>(instances.size());
                            for (int i = 0; i < instances.size(); i++) {
                                PredictRequest.Instance in = instances.get(i);
                                String requestId = in.requestId() != null ? in.requestId() : UUID.randomUUID().toString();
                                Scored s = scored.get(i);
                                out.add(new PredictResponse.Prediction(requestId, in.entityKey(), loaded.version(),
                                        "champion", s.label(), s.scores(), missing(loaded, rows.get(i)), List.of(),
                                        null));
                                publish(loaded, s, new PredictionEvent(requestId, request.tenant(), model,
                                        loaded.version(), Route.CHAMPION, rows.get(i), s.label(), s.scores(), latencyMs,
                                        Instant.now()));
                            }
                            record(loaded, "champion", "ok", start);
                            return new PredictResponse(model, loaded.version(), "champion", out);
                        })
                        .onFailure().invoke(e -> record(loaded, "champion", "error", start))))
                .onTermination().invoke(inFlight::decrementAndGet);
    }

    /** Open Inference Protocol: one named tensor per model input, batch along the first dimension. */
    public Uni<InferResponse> infer(String model, Integer version, InferRequest request) {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        Uni<LoadedModel> target = version == null ? models.champion(model) : models.version(model, version);
        return target.flatMap(loaded -> {
                    List<Map<String, Object>> rows = rowsFromTensors(loaded, request);
                    List<String> wanted = requestedOutputs(request);
                    Route route = isChampion(loaded) ? Route.CHAMPION : Route.CHALLENGER;
                    String routeName = route.name().toLowerCase();
                    return score(loaded, rows).map(scored -> {
                        double latencyMs = (System.nanoTime() - start) / 1e6;
                        String baseId = request.id() != null ? request.id() : UUID.randomUUID().toString();
                        for (int i = 0; i < rows.size(); i++) {
                            Scored s = scored.get(i);
                            publish(loaded, s, new PredictionEvent(rows.size() == 1 ? baseId : baseId + "/" + i,
                                    null, model, loaded.version(), route, rows.get(i), s.label(), s.scores(), latencyMs,
                                    Instant.now()));
                        }
                        record(loaded, routeName, "ok", start);
                        return new InferResponse(model, Integer.toString(loaded.version()), request.id(), null,
                                outputs(loaded, scored, wanted));
                    }).onFailure().invoke(e -> record(loaded, routeName, "error", start));
                })
                .onTermination().invoke(inFlight::decrementAndGet);
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
        if (request.instances().size() > config.maxBatch()) {
            throw ApiException.badRequest("at most " + config.maxBatch() + " instances per call, got "
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

    /** Feature-store values for every instance with an entity key, overlaid with the raw features sent. */
    private Uni<List<Map<String, Object>>> enrich(LoadedModel loaded, List<PredictRequest.Instance> instances) {
        List<String> keys = instances.stream().map(PredictRequest.Instance::entityKey)
                .filter(k -> k != null).distinct().toList();
        Uni<Map<String, Map<String, Object>>> fetched = keys.isEmpty() || loaded.featureRefs().isEmpty()
                ? Uni.createFrom().item(Map.of())
                : featureStore.onlineFeatures(new OnlineFeatures.Request(loaded.featureRefs(), keys))
                        .onFailure().transform(e -> new ApiException(503,
                                "Feature store unavailable for enrichment (" + e.getMessage()
                                        + "); send raw features or retry"))
                        .map(PredictionService::byEntity);
        return fetched.map(byKey -> {
            List<Map<String, Object>> rows = new ArrayList<>(instances.size());
            for (PredictRequest.Instance in : instances) {
                Map<String, Object> row = new LinkedHashMap<>();
                if (in.entityKey() != null) {
                    row.putAll(byKey.getOrDefault(in.entityKey(), Map.of()));
                }
                if (in.features() != null) {
                    row.putAll(in.features());
                }
                rows.add(row);
            }
            return rows;
        });
    }

    private static Map<String, Map<String, Object>> byEntity(OnlineFeatures.Response response) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        if (response == null || response.results() == null) {
            return out;
        }
        for (OnlineFeatures.EntityResult r : response.results()) {
            Map<String, Object> row = new LinkedHashMap<>();
            r.features().forEach((ref, v) -> {
                if (v != null && "PRESENT".equals(v.status()) && v.value() != null) {
                    row.put(ref.substring(ref.indexOf(':') + 1), v.value());
                }
            });
            out.put(r.entityKey(), row);
        }
        return out;
    }

    private Uni<List<Scored>> score(LoadedModel loaded, List<Map<String, Object>> rows) {
        return Uni.createFrom().item(() -> {
                    try {
                        return loaded.runtime().predict(rows);
                    } catch (IllegalArgumentException e) {
                        throw ApiException.badRequest("Model " + loaded.model() + " v" + loaded.version()
                                + " cannot score the input: " + e.getMessage());
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static List<String> missing(LoadedModel loaded, Map<String, Object> row) {
        return loaded.inputNames().stream().filter(n -> row.get(n) == null).toList();
    }

    private List<Map<String, Object>> rowsFromTensors(LoadedModel loaded, InferRequest request) {
        if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
            throw ApiException.badRequest("inputs must list at least one tensor");
        }
        Map<String, String> declared = new HashMap<>();
        loaded.inputs().forEach(t -> declared.put(t.name(), t.datatype()));
        Integer batch = null;
        List<Map<String, Object>> rows = null;
        for (InferRequest.Input input : request.inputs()) {
            if (input == null || input.name() == null) {
                throw ApiException.badRequest("every input needs a name");
            }
            if (!declared.isEmpty() && !declared.containsKey(input.name())) {
                throw ApiException.badRequest("input '" + input.name() + "' is not an input of " + loaded.model()
                        + " v" + loaded.version() + "; its inputs are " + loaded.inputNames());
            }
            if (input.shape() == null || input.shape().isEmpty() || input.shape().stream().anyMatch(d -> d == null || d < 0)) {
                throw ApiException.badRequest("input '" + input.name() + "' needs a shape of non-negative sizes");
            }
            if (input.shape().stream().skip(1).anyMatch(d -> d != 1)) {
                throw ApiException.badRequest("input '" + input.name() + "' must have shape [batch] or [batch, 1]: "
                        + "each input is one feature");
            }
            List<JsonNode> values = flatten(input.data());
            long expected = input.shape().stream().reduce(1L, (a, b) -> a * b);
            if (values.size() != expected) {
                throw ApiException.badRequest("input '" + input.name() + "' has shape " + input.shape() + " ("
                        + expected + " values) but carries " + values.size());
            }
            if (input.datatype() == null || !(NUMERIC.contains(input.datatype()) || "BYTES".equals(input.datatype()))) {
                throw ApiException.badRequest("input '" + input.name() + "' datatype must be an Open Inference "
                        + "Protocol type, got " + input.datatype());
            }
            if (batch == null) {
                batch = values.size();
                if (batch > config.maxBatch()) {
                    throw ApiException.badRequest("batch of " + batch + " exceeds the limit of " + config.maxBatch());
                }
                rows = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    rows.add(new LinkedHashMap<>());
                }
            } else if (batch != values.size()) {
                throw ApiException.badRequest("all inputs must share the batch size: '" + input.name() + "' has "
                        + values.size() + ", the first input " + batch);
            }
            for (int i = 0; i < batch; i++) {
                rows.get(i).put(input.name(), value(input, values.get(i)));
            }
        }
        return rows;
    }

    private static Object value(InferRequest.Input input, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if ("BYTES".equals(input.datatype())) {
            return node.asText();
        }
        if ("BOOL".equals(input.datatype())) {
            if (!node.isBoolean()) {
                throw ApiException.badRequest("input '" + input.name() + "' is BOOL but holds " + node);
            }
            return node.asBoolean();
        }
        if (!node.isNumber()) {
            throw ApiException.badRequest("input '" + input.name() + "' is " + input.datatype() + " but holds " + node);
        }
        return node.asDouble();
    }

    private static List<JsonNode> flatten(JsonNode data) {
        List<JsonNode> out = new ArrayList<>();
        if (data == null) {
            return out;
        }
        if (data.isArray()) {
            data.forEach(d -> out.addAll(d.isArray() ? flatten(d) : List.of(d)));
        } else {
            out.add(data);
        }
        return out;
    }

    private static List<String> requestedOutputs(InferRequest request) {
        List<String> all = List.of("label", "scores");
        if (request.outputs() == null || request.outputs().isEmpty()) {
            return all;
        }
        List<String> wanted = new ArrayList<>();
        for (InferRequest.Output o : request.outputs()) {
            if (o == null || !all.contains(o.name())) {
                throw ApiException.badRequest("unknown output '" + (o == null ? null : o.name()) + "'; outputs are " + all);
            }
            wanted.add(o.name());
        }
        return wanted;
    }

    private static List<InferResponse.Output> outputs(LoadedModel loaded, List<Scored> scored, List<String> wanted) {
        List<InferResponse.Output> out = new ArrayList<>();
        long n = scored.size();
        if (wanted.contains("label")) {
            out.add(new InferResponse.Output("label", List.of(n), "BYTES", null,
                    scored.stream().map(Scored::label).toList()));
        }
        if (wanted.contains("scores")) {
            List<String> labels = loaded.runtime().labels();
            List<Double> flat = new ArrayList<>();
            scored.forEach(s -> labels.forEach(l -> flat.add(s.scores().getOrDefault(l, 0.0))));
            out.add(new InferResponse.Output("scores", List.of(n, (long) labels.size()), "FP64",
                    Map.of("labels", String.join(",", labels)), flat));
        }
        return out;
    }

    private void record(LoadedModel loaded, String route, String outcome, long startNanos) {
        String version = Integer.toString(loaded.version());
        metrics.counter("rtml_inference_requests_total", "model", loaded.model(), "version", version,
                "route", route, "outcome", outcome).increment();
        Timer.builder("rtml_inference_latency_seconds")
                .tags("model", loaded.model(), "version", version, "route", route)
                .publishPercentileHistogram()
                .register(metrics)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
