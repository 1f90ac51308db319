package io.rtml.contracts.event;

import java.time.Instant;

/** An alert rule that fired, on {@code rtml.alerts}. */
public record AlertEvent(
        String rule,
        String model,
        int version,
        String severity,
        double value,
        double threshold,
        String window,
        String action,
        Instant time) {
}
