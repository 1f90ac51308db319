package io.rtml.inference.rest;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/predict/{model}}: who asks (tenant) and one instance per prediction,
 * each an entity key (features fetched from the feature store), raw features, or both (raw wins).
 */
public record PredictRequest(String tenant, List<Instance> instances) {

    /** The same instances, asked for {@code tenant} (a tenant token's own, whatever the body said). */
    public PredictRequest forTenant(String tenant) {
        return new PredictRequest(tenant, instances);
    }


    /** @param requestId optional; generated when absent. Labels sent later refer to it. */
    public record Instance(String requestId, String entityKey, Map<String, Object> features) {
    }
}
