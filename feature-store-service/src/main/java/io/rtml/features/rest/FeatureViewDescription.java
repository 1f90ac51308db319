package io.rtml.features.rest;

import java.time.Instant;
import java.util.List;

/** A feature view as the API shows it. */
public record FeatureViewDescription(
        String name,
        String entity,
        Long ttlSeconds,
        Long retentionSeconds,
        String description,
        List<FeatureSpec> features,
        List<AggregationSpec> aggregations,
        Instant createdAt) {
}
