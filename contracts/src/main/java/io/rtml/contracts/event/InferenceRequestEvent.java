package io.rtml.contracts.event;

import java.util.Map;

/**
 * A scoring request arriving on {@code rtml.inference-requests}, keyed by request id. The producer's
 * bearer token travels in the record's {@code authorization} header, not here: a tenant token's
 * requests are scored for its own tenant, whatever {@code tenant} says.
 */
public record InferenceRequestEvent(
        String requestId,
        String tenant,
        String model,
        String entityKey,
        Map<String, Object> features) {

    /** The same request, for {@code tenant}. */
    public InferenceRequestEvent forTenant(String tenant) {
        return new InferenceRequestEvent(requestId, tenant, model, entityKey, features);
    }
}
