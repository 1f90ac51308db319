package io.rtml.sdk;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered version as the registry shows it. {@code sha256} is also the artifact's ETag; {@code resiliency}
 * is its data resiliency score as of the read (the registry's README: score, status ok/stale/unknown, factors).
 */
public record ModelVersion(String model, int version, String format, String sha256, long sizeBytes,
                           Signature signature, Map<String, Double> metrics,
                           Map<String, Map<String, Double>> sliceMetrics, Map<String, Object> params,
                           JsonNode dataCard, JsonNode baselineProfile, List<String> featureRefs,
                           JsonNode provenance, String description, String createdBy, Instant createdAt,
                           List<String> aliases, Map<String, Double> featureRelevance, JsonNode trainingSet,
                           JsonNode resiliency) {
}
