package io.rtml.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One line of a model's audit log; {@code published} tells whether it reached Kafka yet. */
public record AuditEntry(
        long id,
        String type,
        int version,
        String alias,
        String sha256,
        String actor,
        JsonNode details,
        Instant time,
        boolean published) {
}
