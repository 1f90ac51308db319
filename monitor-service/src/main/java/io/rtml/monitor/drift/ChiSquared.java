package io.rtml.monitor.drift;

import org.apache.commons.math3.stat.inference.ChiSquareTest;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Chi-squared test that two count vectors over the same categories come from one distribution
 * (Pearson's statistic of the 2 × K table, Commons Math
 * {@link ChiSquareTest#chiSquareDataSetsComparison}). Categories empty on both sides carry no
 * information and are dropped first; with fewer than two left the samples cannot differ, so the
 * statistic is 0 and the p-value 1.
 *
 * <p>The p-value is the asymptotic chi-squared one (K − 1 degrees of freedom) when every expected
 * window count is at least {@link #MIN_EXPECTED}. Below that the limit is not to be trusted, and the
 * p-value is a Monte-Carlo permutation one: window counts drawn from the pooled rows without
 * replacement (the exact conditional null given the pooled counts), {@code p = (1 + #{X²* ≥ X²}) / (B + 1)},
 * which is a valid p-value for any B. B grows with the significance level asked for (at least
 * {@link #MIN_SIMULATIONS}, about {@code 20/alpha}), capped so that one test draws at most
 * {@link #MAX_DRAWS} rows; a Monte-Carlo p-value is never below {@code 1/(B + 1)}. The random stream is
 * seeded from the counts, so one window always gets one answer. When the pooled rows are more than
 * {@link #MAX_POOLED} or the window so large that fewer than {@link #MIN_SIMULATIONS} simulations fit,
 * the asymptotic p-value is used.
 */
public final class ChiSquared {

    /** Cochran's rule: the chi-squared limit needs expected counts of at least 5. */
    public static final double MIN_EXPECTED = 5;
    public static final int MIN_SIMULATIONS = 999;
    public static final int MAX_SIMULATIONS = 1_000_000;
    public static final long MAX_DRAWS = 50_000_000L;
    public static final long MAX_POOLED = 5_000_000L;

    private static final ChiSquareTest CHI2 = new ChiSquareTest();

    private ChiSquared() {
    }

    /** Statistic and asymptotic p-value, or a Monte-Carlo one sized for {@code alpha} 0.05. */
    public static TestResult test(long[] expected, long[] actual) {
        return test(expected, actual, 0.05);
    }

    /** Statistic and p-value, Monte-Carlo sized for {@code alpha}; {@code NaN}s when either side is empty. */
    public static TestResult test(long[] expected, long[] actual, double alpha) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("chi-squared needs the same categories on both sides");
        }
        long m = Psi.sum(expected);
        long n = Psi.sum(actual);
        if (m == 0 || n == 0) {
            return new TestResult("chi2", Double.NaN, Double.NaN, null);
        }
        int kept = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] + actual[i] > 0) {
                kept++;
            }
        }
        if (kept < 2) {
            return new TestResult("chi2", 0, 1, "exact");
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
        double statistic = CHI2.chiSquareDataSetsComparison(e, a);
        long big = m + n;
        double minExpected = Double.POSITIVE_INFINITY;
        for (int i = 0; i < kept; i++) {
            minExpected = Math.min(minExpected, (double) n * (e[i] + a[i]) / big);
        }
        int simulations = simulations(alpha, n);
        if (minExpected >= MIN_EXPECTED || big > MAX_POOLED || kept > Short.MAX_VALUE
                || simulations < MIN_SIMULATIONS) {
            return new TestResult("chi2", statistic, CHI2.chiSquareTestDataSetsComparison(e, a), "asymptotic");
        }
        return new TestResult("chi2", statistic, monteCarlo(e, a, simulations), "monte-carlo");
    }

    /** About {@code 20/alpha} simulations, at least {@link #MIN_SIMULATIONS}, within the draw cap. */
    static int simulations(double alpha, long n) {
        double wanted = Math.max(MIN_SIMULATIONS, Math.ceil(20 / Math.max(alpha, 1e-12)) - 1);
        return (int) Math.min(Math.min(wanted, MAX_SIMULATIONS), MAX_DRAWS / n);
    }

    /** Permutation p-value of Pearson's statistic, with the pooled counts fixed. */
    static double monteCarlo(long[] e, long[] a, int simulations) {
        int k = e.length;
        long[] pooled = new long[k];
        int big = 0;
        for (int i = 0; i < k; i++) {
            pooled[i] = e[i] + a[i];
            big += (int) pooled[i];
        }
        int n = (int) Psi.sum(a);
        // With the pooled counts fixed, X² is an increasing function of Σ (a_k − n N_k/N)² / N_k.
        double observed = separation(a, pooled, n, big);
        short[] urn = new short[big];
        int at = 0;
        for (int i = 0; i < k; i++) {
            Arrays.fill(urn, at, at + (int) pooled[i], (short) i);
            at += (int) pooled[i];
        }
        SplittableRandom random = new SplittableRandom(31L * Arrays.hashCode(e) + Arrays.hashCode(a));
        long[] draw = new long[k];
        double tolerance = 1e-9 * Math.max(1, observed);
        int atLeast = 0;
        for (int s = 0; s < simulations; s++) {
            Arrays.fill(draw, 0);
            for (int r = 0; r < n; r++) {
                int pick = r + random.nextInt(big - r);
                short label = urn[pick];
                urn[pick] = urn[r];
                urn[r] = label;
                draw[label]++;
            }
            if (separation(draw, pooled, n, big) >= observed - tolerance) {
                atLeast++;
            }
        }
        return (1.0 + atLeast) / (simulations + 1.0);
    }

    private static double separation(long[] a, long[] pooled, int n, int big) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double dev = a[i] - (double) n * pooled[i] / big;
            s += dev * dev / pooled[i];
        }
        return s;
    }
}
