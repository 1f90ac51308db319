package io.rtml.features.rest;

import java.util.List;

/** One result per entity row, in request order. */
public record HistoricalFeaturesResponse(List<HistoricalRow> results) {
}
