package io.rtml.features.repository;

import java.time.Instant;

/**
 * Which raw events one part of a read needs: those of {@code feature} for {@code entityKey} with event time in
 * [{@code from}, {@code to}), and, when {@code knownAt} is set, ingested at or before it; {@code index} ties the
 * answer back to the request.
 */
public record EventRange(int index, String entityKey, String feature, Instant from, Instant to, Instant knownAt) {
}
