package io.rtml.sdk;

import java.time.Instant;

/** One feature's value for one entity (null unless {@code PRESENT}), with its event time and age. */
public record FeatureValue(Object value, FeatureStatus status, Instant eventTime, Double ageSeconds) {

    public boolean present() {
        return status == FeatureStatus.PRESENT;
    }
}
