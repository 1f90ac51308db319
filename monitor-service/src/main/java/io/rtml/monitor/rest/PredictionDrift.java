package io.rtml.monitor.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * Drift of the predicted classes against the baseline's {@code __prediction__} feature, tested alone
 * with chi-squared at the report's alpha: PSI and Jensen–Shannon distance as effect sizes, the p-value
 * and how it was computed ({@code null}s when the baseline has no {@code __prediction__} or the window
 * no prediction), and each class's share of the window's predictions.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PredictionDrift(Double psi, Double jsDistance, Double pValue, String pValueMethod, Double alpha,
                              boolean drifted, Map<String, Double> classShare) {
}
