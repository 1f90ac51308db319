package io.rtml.features.service;

import java.time.Duration;
import java.time.Instant;

/**
 * Ages of feature values. An event time may lead the store's clock by up to the allowed future skew
 * (clocks of producers drift); such a value is as fresh as it gets, so its age is 0, never negative.
 */
public final class FeatureAges {

    private FeatureAges() {
    }

    /** Seconds from {@code eventTime} to {@code asOf}, at least 0. */
    public static double seconds(Instant eventTime, Instant asOf) {
        return Math.max(0L, Duration.between(eventTime, asOf).toNanos()) / 1e9;
    }
}
