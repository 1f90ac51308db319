package io.rtml.monitor.drift;

import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Chi-squared test that two count vectors over the same categories come from one distribution
 * (Commons Math {@link ChiSquareTest#chiSquareTestDataSetsComparison}). Categories empty on both
 * sides carry no information and are dropped first; with fewer than two left the samples cannot
 * differ, so the statistic is 0 and the p-value 1.
 */
public final class ChiSquared {

    private static final ChiSquareTest CHI2 = new ChiSquareTest();

    private ChiSquared() {
    }

    /** Statistic and p-value; {@code NaN}s when either side is empty. */
    public static TestResult test(long[] expected, long[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("chi-squared needs the same categories on both sides");
        }
        if (Psi.sum(expected) == 0 || Psi.sum(actual) == 0) {
            return new TestResult("chi2", Double.NaN, Double.NaN);
        }
        int kept = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] + actual[i] > 0) {
                kept++;
            }
        }
        if (kept < 2) {
            return new TestResult("chi2", 0, 1);
        }
        long[] e = new long[kept];
        long[] a = new long[kept];
        int j = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] + actual[i] > 0) {
                e[j] = expected[i];
                a[j++] = actual[i];
            }
        }
        return new TestResult("chi2", CHI2.chiSquareDataSetsComparison(e, a), CHI2.chiSquareTestDataSetsComparison(e, a));
    }
}
