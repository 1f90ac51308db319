package io.rtml.registry.rest;

import java.time.Instant;

/** A tenant as the API shows it. */
public record TenantView(String id, String name, String industry, String tier, Instant createdAt) {
}
