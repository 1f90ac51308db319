package io.rtml.sdk;

import java.time.Instant;

/** One row of a training set to read: the entity and the moment its features must be as of. */
public record EntityRow(String entityKey, Instant timestamp) {
}
