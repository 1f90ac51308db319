package io.rtml.features.repository;

import java.time.Instant;
import java.util.Map;

/** A validated row as the stores keep it: values already in their declared types, time in microseconds. */
public record FeatureRow(String entityKey, Instant eventTime, Map<String, Object> values) {
}
