package io.rtml.features.repository;

import java.time.Instant;

/**
 * Which tiles one read needs: those of {@code series} for {@code entityKey} with bucket start from {@code from} to
 * {@code to}, both included, with their last value only when {@code withLastValue} and their sketch only when
 * {@code withSketch} (decoding either costs more than the rest of the tile); {@code index} ties the answer back to
 * the request.
 */
public record TileRange(int index, String entityKey, TileSeries series, Instant from, Instant to,
                        boolean withLastValue, boolean withSketch) {
}
