package io.rtml.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The answer to an {@link InferenceRequestEvent} on {@code rtml.inference-results}; {@code error} when it failed.
 * A bulk scoring job's answers carry its {@code jobId} and the {@code entityKey} scored; both are left out of
 * the JSON of stream answers, which read as before. A stream answer carries the {@code route} that answered it
 * ({@code champion}, {@code challenger} or {@code holdout}, as {@link Route} names them), like the REST answer and
 * the prediction event, so a consumer can tell a canary's answers apart; job answers leave it out.
 */
public record InferenceResultEvent(
        String requestId,
        String model,
        int version,
        String output,
        Map<String, Double> scores,
        String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) String jobId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String entityKey,
        @JsonInclude(JsonInclude.Include.NON_NULL) String route) {

    /** A job's answer: no route (a job scores on the version it was submitted for). */
    public InferenceResultEvent(String requestId, String model, int version, String output,
                                Map<String, Double> scores, String error, String jobId, String entityKey) {
        this(requestId, model, version, output, scores, error, jobId, entityKey, null);
    }

    /** A stream answer that failed before any route was chosen. */
    public InferenceResultEvent(String requestId, String model, int version, String output,
                                Map<String, Double> scores, String error) {
        this(requestId, model, version, output, scores, error, null, null, null);
    }

    /** A stream answer from the side of the route named {@code route}. */
    public static InferenceResultEvent streamAnswer(String requestId, String model, int version, String route,
                                                    String output, Map<String, Double> scores, String error) {
        return new InferenceResultEvent(requestId, model, version, output, scores, error, null, null, route);
    }
}
