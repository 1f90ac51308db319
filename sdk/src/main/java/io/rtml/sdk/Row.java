package io.rtml.sdk;

import java.time.Instant;
import java.util.Map;

/** One row to ingest into a feature view: the entity, when the values were true, and the values. */
public record Row(String entityKey, Instant eventTime, Map<String, ?> values) {
}
