package io.rtml.monitor.rest;

/** Answer of {@code POST /api/v1/outcomes}: how many outcomes were published, and where. */
public record OutcomeAccepted(int accepted, String topic) {
}
