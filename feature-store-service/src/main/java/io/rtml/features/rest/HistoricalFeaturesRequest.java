package io.rtml.features.rest;

import java.util.List;

/**
 * Body of {@code POST /api/v1/historical-features}: feature references × entity rows with timestamps, and
 * {@code asOf}: {@code "known"} (default; only values already ingested at each row's timestamp) or
 * {@code "event"} (event time alone decides).
 */
public record HistoricalFeaturesRequest(List<String> features, List<EntityRow> entityRows, String asOf) {
}
