package io.rtml.monitor.drift;

/**
 * Jensen–Shannon distance between the bin (or category) shares of two count vectors: the square root
 * of the Jensen–Shannon divergence in bits, {@code sqrt(½ KL(p‖q̄) + ½ KL(q‖q̄))} with {@code q̄} the
 * mean of the two; 0 for equal shares, 1 for disjoint ones, and a metric. Unlike PSI it needs no
 * smoothing: an empty bin on one side adds a finite term.
 */
public final class JensenShannon {

    private JensenShannon() {
    }

    /** The distance; {@code NaN} when either side is empty. */
    public static double distance(long[] expected, long[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("Jensen–Shannon needs the same bins on both sides");
        }
        double e = Psi.sum(expected);
        double a = Psi.sum(actual);
        if (e == 0 || a == 0) {
            return Double.NaN;
        }
        double js = 0;
        for (int i = 0; i < expected.length; i++) {
            double p = expected[i] / e;
            double q = actual[i] / a;
            double mid = (p + q) / 2;
            if (p > 0) {
                js += 0.5 * p * Math.log(p / mid);
            }
            if (q > 0) {
                js += 0.5 * q * Math.log(q / mid);
            }
        }
        return Math.sqrt(Math.max(0, js / Math.log(2)));
    }
}
