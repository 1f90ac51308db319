package io.rtml.monitor.drift;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Drift of one feature: PSI over the baseline's bins or categories and a two-sample test
 * ({@code ks} for numeric, {@code chi2} for categorical). Values are {@code null} when the live
 * window has no non-missing value of the feature.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FeatureDrift(String feature, String type, Double psi, String test, Double statistic, Double pValue,
                           long rows, boolean drifted) {
}
