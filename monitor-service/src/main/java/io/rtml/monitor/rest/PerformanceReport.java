package io.rtml.monitor.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** Accuracy from delayed labels joined by request id; {@code accuracy} is null when nothing is labelled. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PerformanceReport(String model, int version, Instant from, Instant to, long predictions, long labelled,
                                long correct, Double accuracy) {
}
