package io.rtml.sdk;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** An alias after it was set; {@code gate} is the validation report for {@code champion}, else null. */
public record AliasResult(String model, String alias, int version, Instant updatedAt, JsonNode gate) {
}
