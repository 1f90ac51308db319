package io.rtml.monitor.rest;

import io.rtml.monitor.drift.FeatureDrift;

import java.time.Instant;
import java.util.List;

/** Drift of a model version's live traffic in {@code [from, to)} against its training baseline. */
public record DriftReport(String model, int version, Instant from, Instant to, long rows, List<FeatureDrift> features,
                          PredictionDrift prediction, List<String> driftedFeatures) {
}
