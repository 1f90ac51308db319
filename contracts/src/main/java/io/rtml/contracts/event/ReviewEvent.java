package io.rtml.contracts.event;

import java.time.Instant;
import java.util.Map;

/** A low-confidence prediction queued for a person on {@code rtml.review-queue}. */
public record ReviewEvent(
        String requestId,
        String model,
        int version,
        String output,
        double confidence,
        Map<String, Object> inputs,
        Instant time) {
}
