package io.rtml.registry.rest;

import java.time.Instant;

/**
 * A tenant's subscription: the alias it follows and the version that alias points at now
 * ({@code version} is null while the alias is unset).
 */
public record SubscriptionView(String tenant, String model, String alias, Integer version, Instant subscribedAt) {
}
