package io.rtml.monitor.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A rule that fired. {@code actionStatus}: {@code none} (no action), {@code pending} (not done yet),
 * {@code succeeded}, {@code failed} or {@code skipped} (a rollback for an alert about the challenger, which
 * would move the champion); {@code actionResult} is the registry's status and answer, or why
 * the call failed. {@code published}: the {@code AlertEvent} reached {@code rtml.alerts}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AlertView(long id, String rule, String model, int version, String metric, String feature,
                        String operator, String severity, double value, double threshold, String window, String action,
                        String actionStatus, String actionResult, boolean published, Instant firedAt) {
}
