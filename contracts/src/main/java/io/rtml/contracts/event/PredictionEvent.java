package io.rtml.contracts.event;

import java.time.Instant;
import java.util.Map;

/**
 * One answer of the inference service on {@code rtml.predictions}.
 *
 * @param inputs  the feature values the model saw, after enrichment
 * @param output  the predicted label
 * @param scores  score per label (probabilities where the model gives them)
 */
public record PredictionEvent(
        String requestId,
        String tenant,
        String model,
        int version,
        Route route,
        Map<String, Object> inputs,
        String output,
        Map<String, Double> scores,
        double latencyMs,
        Instant time) {
}
