package io.rtml.registry.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

/** A view's newest event time in the feature store's online store; null while it has no rows. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ViewFreshness(String featureView, Instant latestEventTime, Double ageSeconds, long rows) {
}
