package io.rtml.monitor.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * Drift of the predicted classes: PSI against the baseline's {@code __prediction__} feature
 * ({@code null} when the baseline has none) and each class's share of the window's predictions.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PredictionDrift(Double psi, boolean drifted, Map<String, Double> classShare) {
}
