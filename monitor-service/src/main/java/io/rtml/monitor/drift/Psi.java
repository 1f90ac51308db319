package io.rtml.monitor.drift;

/**
 * Population Stability Index over shared bins:
 * {@code PSI = Σ (a_i − e_i) · ln(a_i / e_i)}, with {@code e_i}, {@code a_i} the shares of the
 * expected (baseline) and actual (live) counts in bin {@code i} (Yurdakul, "Statistical properties of
 * population stability index", 2018).
 *
 * <p>Smoothing: a share of zero would make the logarithm infinite, so every share is floored at
 * {@link #EPSILON} (1e-4, one row in ten thousand) before the sum; bins empty on both sides add
 * exactly zero.
 */
public final class Psi {

    /** Floor for a bin's share, so that an empty bin on one side gives a large but finite term. */
    public static final double EPSILON = 1e-4;

    private Psi() {
    }

    /** PSI of two count vectors over the same bins; {@code NaN} when either side is empty. */
    public static double of(long[] expected, long[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("PSI needs the same bins on both sides: "
                    + expected.length + " vs " + actual.length);
        }
        double e = sum(expected);
        double a = sum(actual);
        if (e == 0 || a == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double pe = Math.max(expected[i] / e, EPSILON);
            double pa = Math.max(actual[i] / a, EPSILON);
            psi += (pa - pe) * Math.log(pa / pe);
        }
        return psi;
    }

    static long sum(long[] counts) {
        long s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }
}
