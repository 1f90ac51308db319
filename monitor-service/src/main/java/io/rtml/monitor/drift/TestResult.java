package io.rtml.monitor.drift;

/** A two-sample test: its name ({@code ks}, {@code chi2}), statistic and p-value. */
public record TestResult(String test, double statistic, double pValue) {
}
