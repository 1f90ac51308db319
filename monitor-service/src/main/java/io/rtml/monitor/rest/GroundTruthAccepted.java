package io.rtml.monitor.rest;

/** Answer of {@code POST /api/v1/ground-truth}: how many labels were published. */
public record GroundTruthAccepted(int accepted, String topic) {
}
