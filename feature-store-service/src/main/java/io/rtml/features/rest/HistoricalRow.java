package io.rtml.features.rest;

import java.time.Instant;
import java.util.Map;

/** The features of one entity row as they were at its timestamp. */
public record HistoricalRow(String entityKey, Instant timestamp, Map<String, FeatureValue> features) {
}
