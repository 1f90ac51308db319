package io.rtml.monitor.drift;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Drift of one feature: effect sizes (PSI and Jensen–Shannon distance over the baseline's bins or
 * categories, and for numeric features the Wasserstein distance in baseline standard deviations,
 * {@link Wasserstein}), a two-sample test ({@code ks} for numeric, {@code chi2} for categorical) with its
 * p-value and how it was computed ({@code pValueMethod}), the Holm level the p-value was held against
 * ({@code alpha}) and the verdict: {@code significant} when Holm rejects, {@code drifted} when it is
 * significant and PSI is at least the policy's {@code minEffectSize}. Values are {@code null} when the
 * live window has no non-missing value of the feature.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FeatureDrift(String feature, String type, Double psi, Double jsDistance, Double wasserstein,
                           String test, Double statistic,
                           Double pValue, String pValueMethod, Double alpha, long rows, boolean significant,
                           boolean drifted) {
}
