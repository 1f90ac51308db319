package io.rtml.examples.sendtime;

import io.rtml.sdk.RtmlClientException;
import io.rtml.sdk.ServiceHttp;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The calls the scenario makes to the inference service and the monitor, which the SDK (a training-time
 * client) does not cover: readiness, predict, drift, ground truth, performance, outcomes and business value.
 */
final class ServingCalls {

    /** Body of {@code POST /api/v1/predict/{model}}. */
    record PredictRequest(String tenant, List<Instance> instances) {
        record Instance(String entityKey) {
        }
    }

    /** Answer of {@code POST /api/v1/predict/{model}}. */
    record PredictResponse(String model, int version, String route, List<Prediction> predictions) {
        /** {@code route}: champion, challenger or holdout (answered by the model's fallback policy). */
        record Prediction(String requestId, String entityKey, String route, String output, Map<String, Double> scores,
                          List<String> missingFeatures) {
        }
    }

    /** Answer of {@code GET /api/v1/models/{m}/drift}. */
    record Drift(String model, int version, Instant from, Instant to, long rows, List<FeatureDrift> features,
                 PredictionDrift prediction, List<String> driftedFeatures) {
        record FeatureDrift(String feature, String type, Double psi, String test, Double statistic, Double pValue,
                            boolean drifted) {
        }

        record PredictionDrift(Double psi, boolean drifted, Map<String, Double> classShare) {
        }
    }

    /** One delayed label for {@code POST /api/v1/ground-truth}. */
    record Label(String requestId, String model, String label) {
    }

    /** One business outcome for {@code POST /api/v1/outcomes}. */
    record Outcome(String requestId, String model, boolean opened) {
    }

    /** Answer of {@code GET /api/v1/models/{m}/business-value}. */
    record BusinessValue(Kpi kpi, Side model, Side holdout, Double uplift, Ci ci95, String method, String note) {
        record Kpi(String name, String description, String outcome, String aggregation) {
        }

        record Side(long n, Double value) {
        }

        record Ci(double low, double high) {
        }
    }

    /** Answer of {@code GET /api/v1/models/{m}/performance}. */
    record Performance(String model, int version, long predictions, long labelled, long correct, Double accuracy) {
    }

    private final ServiceHttp inference;
    private final ServiceHttp monitor;

    ServingCalls(URI inference, URI monitor) {
        this.inference = new ServiceHttp(inference, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                Duration.ofSeconds(30));
        this.monitor = new ServiceHttp(monitor, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                Duration.ofSeconds(30));
    }

    /** Status of {@code GET /v2/models/{model}/ready}; 0 when the service cannot be reached. */
    int readyStatus(String model) {
        try {
            return inference.get("/v2/models/" + model + "/ready").statusCode();
        } catch (RtmlClientException e) {
            return 0;
        }
    }

    PredictResponse predict(String model, PredictRequest request) {
        return inference.expect(inference.post("/api/v1/predict/" + model, request), PredictResponse.class);
    }

    /** The drift report, or {@code null} when the monitor has seen no predictions in the range (404). */
    Drift drift(String model, int version, Instant from, Instant to) {
        HttpResponse<byte[]> response = monitor.get("/api/v1/models/" + model + "/drift?version=" + version
                + "&from=" + q(from) + "&to=" + q(to));
        return response.statusCode() == 404 ? null : monitor.expect(response, Drift.class);
    }

    void sendLabels(List<Label> labels) {
        HttpResponse<byte[]> response = monitor.post("/api/v1/ground-truth", Map.of("labels", labels));
        if (response.statusCode() / 100 != 2) {
            throw ServiceHttp.error(response);
        }
    }

    void sendOutcomes(List<Outcome> outcomes) {
        HttpResponse<byte[]> response = monitor.post("/api/v1/outcomes", Map.of("outcomes", outcomes));
        if (response.statusCode() / 100 != 2) {
            throw ServiceHttp.error(response);
        }
    }

    BusinessValue businessValue(String model) {
        return monitor.expect(monitor.get("/api/v1/models/" + model + "/business-value"), BusinessValue.class);
    }

    Performance performance(String model, int version, Instant from, Instant to) {
        return monitor.expect(monitor.get("/api/v1/models/" + model + "/performance?version=" + version
                + "&from=" + q(from) + "&to=" + q(to)), Performance.class);
    }

    private static String q(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }
}
