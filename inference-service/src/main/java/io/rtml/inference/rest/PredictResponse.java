package io.rtml.inference.rest;

import java.util.List;
import java.util.Map;

/** The answer to a predict call: which version answered and one prediction per instance, in order. */
public record PredictResponse(String model, int version, String route, List<Prediction> predictions) {

    /** @param missingFeatures model inputs that had no value (not in the feature store, outside TTL, not sent) */
    public record Prediction(String requestId, String entityKey, String output, Map<String, Double> scores,
                             List<String> missingFeatures) {
    }
}
