package io.rtml.features.repository;

import java.time.Instant;

/**
 * The newest history value of one feature at or before an entity row's timestamp: the row's index in the
 * request, the feature, the value as text (null when written as null) and its event time.
 */
public record PointInTimeValue(int rowIndex, String feature, String value, Instant eventTime) {
}
