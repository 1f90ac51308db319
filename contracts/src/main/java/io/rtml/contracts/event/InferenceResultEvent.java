package io.rtml.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The answer to an {@link InferenceRequestEvent} on {@code rtml.inference-results}; {@code error} when it failed.
 * A bulk scoring job's answers carry its {@code jobId} and the {@code entityKey} scored; both are left out of
 * the JSON of stream answers, which read as before.
 */
public record InferenceResultEvent(
        String requestId,
        String model,
        int version,
        String output,
        Map<String, Double> scores,
        String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) String jobId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String entityKey) {

    /** A stream answer, not part of a job. */
    public InferenceResultEvent(String requestId, String model, int version, String output,
                                Map<String, Double> scores, String error) {
        this(requestId, model, version, output, scores, error, null, null);
    }
}
