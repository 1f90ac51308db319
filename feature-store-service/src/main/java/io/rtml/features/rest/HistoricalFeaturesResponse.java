package io.rtml.features.rest;

import java.util.List;

/** One result per entity row, in request order, and the {@code asOf} mode they were read with. */
public record HistoricalFeaturesResponse(String asOf, List<HistoricalRow> results) {
}
