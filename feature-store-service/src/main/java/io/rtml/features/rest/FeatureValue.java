package io.rtml.features.rest;

import java.time.Instant;

/**
 * One feature of one entity: the value in its declared type (null unless PRESENT, or when the feature was
 * written as null), its event time and its age in seconds at the time asked about.
 */
public record FeatureValue(Object value, FeatureStatus status, Instant eventTime, Double ageSeconds) {

    public static final FeatureValue NOT_FOUND = new FeatureValue(null, FeatureStatus.NOT_FOUND, null, null);
}
