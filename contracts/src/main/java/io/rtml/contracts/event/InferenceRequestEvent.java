package io.rtml.contracts.event;

import java.util.Map;

/** A scoring request arriving on {@code rtml.inference-requests}, keyed by request id. */
public record InferenceRequestEvent(
        String requestId,
        String tenant,
        String model,
        String entityKey,
        Map<String, Object> features) {
}
