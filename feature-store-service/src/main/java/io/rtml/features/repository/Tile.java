package io.rtml.features.repository;

import java.time.Instant;

/**
 * The partial aggregate of one tile series (source feature, bucket size) for one entity over one time bucket
 * (or, on the write path, what a batch adds to it): the count of non-null source values, their sum, min and max
 * (null for a non-numeric source), the value with the newest event time and that time, a serialized HLL sketch of
 * the values (only where a {@code distinct_count} aggregation reads the series, else null), and the newest
 * ingestion time of what it holds (null for a partial computed from raw events at read time). A read leaves out
 * the last value and the sketch where none of its aggregations needs them.
 */
public record Tile(TileSeries series, String entityKey, Instant bucket, long count, Double sum, Double min,
                   Double max, Object lastValue, Instant lastTime, byte[] sketch, Instant ingestedAt) {
}
