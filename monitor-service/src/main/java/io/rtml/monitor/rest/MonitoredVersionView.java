package io.rtml.monitor.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A model version the monitor has seen. {@code baseline}: {@code ready}, {@code none} (the registry
 * version has no baseline profile) or {@code pending} (not fetched yet; {@code baselineError} says why).
 * {@code serving}: {@code champion}, {@code challenger} (of the model's active route) or absent, as the
 * registry last said.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitoredVersionView(String model, int version, long predictions, String baseline, String baselineError,
                                   Instant firstSeen, Instant lastSeen, String serving) {
}
