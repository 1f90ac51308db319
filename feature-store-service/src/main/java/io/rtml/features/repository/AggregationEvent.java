package io.rtml.features.repository;

import java.time.Instant;

/**
 * One event of the aggregation event log: a non-null value written for a feature that a window aggregation
 * reads. {@code id} orders events as they were written (a later write wins a tie on event time); id and
 * {@code ingestedAt} are 0 and null until the event is stored.
 */
public record AggregationEvent(long id, String entityKey, String feature, Instant eventTime, Object value,
                               Instant ingestedAt) {
}
