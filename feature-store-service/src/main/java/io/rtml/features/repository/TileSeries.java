package io.rtml.features.repository;

import java.time.Duration;

/**
 * What a tile is kept per: a source feature and a bucket size. Every aggregation over the same source whose
 * window uses the same bucket size reads the same series (a tile holds count, sum, min, max and last, which serve
 * every function), so a view keeps and a read fetches one series per (source, bucket size), not one per
 * aggregation.
 */
public record TileSeries(String feature, Duration bucket) {

    public int bucketSeconds() {
        return Math.toIntExact(bucket.toSeconds());
    }
}
