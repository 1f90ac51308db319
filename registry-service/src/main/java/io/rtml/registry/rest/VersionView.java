package io.rtml.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered version as the API shows it. {@code sha256} is also the artifact's ETag; an archived
 * version ({@code archived}, since {@code archivedAt}) can no longer be the target of an alias.
 * {@code resiliency} is the data resiliency score as of the moment it is read (README).
 */
public record VersionView(
        String model,
        int version,
        String format,
        String sha256,
        long sizeBytes,
        Signature signature,
        Map<String, Double> metrics,
        Map<String, Map<String, Double>> sliceMetrics,
        Map<String, Object> params,
        JsonNode dataCard,
        JsonNode baselineProfile,
        List<String> featureRefs,
        JsonNode provenance,
        String description,
        String createdBy,
        Instant createdAt,
        List<String> aliases,
        boolean archived,
        Instant archivedAt,
        Map<String, Double> featureRelevance,
        JsonNode trainingSet,
        ResiliencyView resiliency) {
}
