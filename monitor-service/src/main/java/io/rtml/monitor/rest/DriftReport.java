package io.rtml.monitor.rest;

import io.rtml.monitor.drift.FeatureDrift;

import java.time.Instant;
import java.util.List;

/**
 * Drift of a model version's live traffic in {@code [from, to)} against its training baseline.
 * {@code alpha} is the window's family-wise significance level (from the false-alarm budget, shared
 * across {@code features} with Holm; each feature's {@code alpha} is its Holm level) and
 * {@code minEffectSize} the PSI a significant shift needs to count as drift.
 */
public record DriftReport(String model, int version, Instant from, Instant to, long rows, double alpha,
                          double minEffectSize, List<FeatureDrift> features, PredictionDrift prediction,
                          List<String> driftedFeatures) {
}
