package io.rtml.contracts.event;

import java.time.Instant;

/** The true label for an earlier prediction, on {@code rtml.ground-truth}, keyed by model name. */
public record GroundTruthEvent(String requestId, String model, String label, Instant time) {
}
