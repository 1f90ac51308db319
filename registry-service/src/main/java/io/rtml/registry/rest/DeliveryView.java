package io.rtml.registry.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One delivery of a lifecycle event to a webhook, with every attempt: {@code status} is {@code pending}
 * (waiting for its next attempt at {@code nextAttemptAt}), {@code succeeded} (a 2xx answer) or
 * {@code failed} (every attempt used up).
 */
public record DeliveryView(UUID deliveryId, long eventId, String event, String model, int version, String status,
                           int attempts, Instant nextAttemptAt, Integer lastStatusCode, String lastError,
                           Instant createdAt, Instant deliveredAt, List<Attempt> history) {

    /** One try: when it started, how long it took, the HTTP status (null without an answer) or the error. */
    public record Attempt(int attempt, Instant startedAt, long durationMs, Integer statusCode, String error) {
    }
}
