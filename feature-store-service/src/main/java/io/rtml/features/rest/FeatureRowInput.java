package io.rtml.features.rest;

import java.time.Instant;
import java.util.Map;

/** One row to ingest: the entity it describes, when the values were true, and the values by feature name. */
public record FeatureRowInput(String entityKey, Instant eventTime, Map<String, Object> values) {
}
