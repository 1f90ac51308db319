package io.rtml.features.repository;

import java.time.Instant;

/**
 * The partial aggregate of one aggregation for one entity over one time bucket (or, on the write path, what a
 * batch adds to it): the count of non-null source values, their sum, min and max (null for a non-numeric
 * source), the value with the newest event time and that time, a serialized HLL sketch of the values
 * (distinct_count aggregations only, else null), and the newest ingestion time of what it holds (null for a
 * partial computed from raw events at read time).
 */
public record Tile(String aggregation, String entityKey, Instant bucket, long count, Double sum, Double min,
                   Double max, Object lastValue, Instant lastTime, byte[] sketch, Instant ingestedAt) {
}
