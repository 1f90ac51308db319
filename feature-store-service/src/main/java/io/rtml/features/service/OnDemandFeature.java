package io.rtml.features.service;

import java.time.Instant;

/**
 * A feature computed at read time from a stored one: the time from the source's event time to the read time,
 * in hours or seconds (never negative). The same function serves online reads (read time = now) and
 * historical reads (read time = the entity row's timestamp), so training and serving agree.
 */
public record OnDemandFeature(String function, String source) {

    public static final String HOURS_SINCE = "hours_since";
    public static final String SECONDS_SINCE = "seconds_since";

    public double compute(Instant sourceEventTime, Instant readTime) {
        double seconds = FeatureAges.seconds(sourceEventTime, readTime);
        return function.equals(HOURS_SINCE) ? seconds / 3600.0 : seconds;
    }
}
