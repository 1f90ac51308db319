package io.rtml.contracts.event;

import java.time.Instant;

/**
 * A change to a model on {@code rtml.model-lifecycle}. {@code alias} is set for alias-set and
 * rolled-back events; {@code sha256} lets a consumer verify the artifact it downloads; {@code tenant} is set for
 * subscription-set events only.
 */
public record ModelLifecycleEvent(
        LifecycleEventType type,
        String model,
        int version,
        String alias,
        String sha256,
        String actor,
        Instant time,
        String tenant) {
}
