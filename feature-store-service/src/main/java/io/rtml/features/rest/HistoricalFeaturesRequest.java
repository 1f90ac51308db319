package io.rtml.features.rest;

import java.util.List;

/** Body of {@code POST /api/v1/historical-features}: feature references × entity rows with timestamps. */
public record HistoricalFeaturesRequest(List<String> features, List<EntityRow> entityRows) {
}
