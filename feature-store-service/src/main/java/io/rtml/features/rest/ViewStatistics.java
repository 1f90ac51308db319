package io.rtml.features.rest;

import java.util.Map;

/** Body of {@code GET /api/v1/feature-views/{name}/stats}: per-feature statistics, in declaration order. */
public record ViewStatistics(String featureView, long rows, Map<String, FeatureStatistics> features) {
}
