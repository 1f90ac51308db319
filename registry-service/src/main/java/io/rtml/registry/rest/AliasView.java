package io.rtml.registry.rest;

import io.rtml.registry.service.GateReport;

import java.time.Instant;

/** An alias after it was set; {@code gate} is the validation report for {@code champion}, else null. */
public record AliasView(String model, String alias, int version, Instant updatedAt, GateReport gate) {
}
