package io.rtml.monitor.drift;

/**
 * A two-sample test: its name ({@code ks}, {@code chi2}), statistic, p-value and how the p-value was
 * computed ({@code exact}, {@code bound}, {@code monte-carlo}, {@code asymptotic}; {@code null} when
 * there is none).
 */
public record TestResult(String test, double statistic, double pValue, String method) {

    public TestResult(String test, double statistic, double pValue) {
        this(test, statistic, pValue, Double.isNaN(pValue) ? null : "asymptotic");
    }
}
