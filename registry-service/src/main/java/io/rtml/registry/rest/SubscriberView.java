package io.rtml.registry.rest;

import java.time.Instant;

/** A tenant subscribed to a model, as {@code GET /api/v1/models/{name}/subscribers} lists it. */
public record SubscriberView(String tenant, String name, String tier, String alias, Instant subscribedAt) {
}
