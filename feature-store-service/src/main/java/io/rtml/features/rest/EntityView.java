package io.rtml.features.rest;

import java.time.Instant;

/** An entity as the API shows it. */
public record EntityView(String name, String description, Instant createdAt) {
}
