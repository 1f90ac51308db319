package io.rtml.features.rest;

import java.time.Instant;

/** An entity key and the moment its features are wanted as of. */
public record EntityRow(String entityKey, Instant timestamp) {
}
