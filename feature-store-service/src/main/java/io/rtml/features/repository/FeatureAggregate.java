package io.rtml.features.repository;

/**
 * Aggregates of one feature over a view's online store: non-null values, and where the type has them,
 * min, max and mean (numeric) or the number of true values (BOOL). Absent parts are null.
 */
public record FeatureAggregate(long count, Double min, Double max, Double mean, Long trueCount) {
}
