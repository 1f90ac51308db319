package io.rtml.features.rest;

import java.time.Instant;

/** The newest event time in a view's online store, its age now, and how many entities it holds. */
public record Freshness(String featureView, Instant latestEventTime, Double ageSeconds, long rows) {
}
