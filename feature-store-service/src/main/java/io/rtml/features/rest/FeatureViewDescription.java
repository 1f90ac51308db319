package io.rtml.features.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A feature view as the API shows it. {@code readTypes}: every name a read can ask for as {@code view:name}
 * (stored, on-demand and aggregated features) with the type of its values, so a caller (the registry's
 * lineage check) can match them against a model signature without knowing the aggregation rules.
 */
public record FeatureViewDescription(
        String name,
        String entity,
        Long ttlSeconds,
        Long retentionSeconds,
        String description,
        List<FeatureSpec> features,
        List<AggregationSpec> aggregations,
        Instant createdAt,
        Map<String, String> readTypes) {
}
