package io.rtml.contracts.event;

import java.util.Map;

/** The answer to an {@link InferenceRequestEvent} on {@code rtml.inference-results}; {@code error} when it failed. */
public record InferenceResultEvent(
        String requestId,
        String model,
        int version,
        String output,
        Map<String, Double> scores,
        String error) {
}
