package io.rtml.features.repository;

import java.time.Instant;

/**
 * Which tiles one read needs: those of {@code aggregation} for {@code entityKey} with bucket start from
 * {@code from} to {@code to}, both included; {@code index} ties the answer back to the request.
 */
public record TileRange(int index, String entityKey, String aggregation, Instant from, Instant to) {
}
