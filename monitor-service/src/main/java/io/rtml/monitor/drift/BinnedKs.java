package io.rtml.monitor.drift;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Two-sample Kolmogorov–Smirnov test on binned data: {@code D = max_i |F_e(i) − F_a(i)|} over the
 * cumulative bin shares, which equals the KS statistic of the raw samples evaluated at the bin edges
 * (exactly the raw statistic when every distinct value has its own bin, a lower bound otherwise).
 * The p-value is Commons Math's asymptotic one, {@link KolmogorovSmirnovTest#approximateP}.
 */
public final class BinnedKs {

    private static final KolmogorovSmirnovTest KS = new KolmogorovSmirnovTest();

    private BinnedKs() {
    }

    public static double statistic(long[] expected, long[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("KS needs the same bins on both sides");
        }
        double e = Psi.sum(expected);
        double a = Psi.sum(actual);
        if (e == 0 || a == 0) {
            return Double.NaN;
        }
        long ce = 0;
        long ca = 0;
        double d = 0;
        for (int i = 0; i < expected.length; i++) {
            ce += expected[i];
            ca += actual[i];
            d = Math.max(d, Math.abs(ce / e - ca / a));
        }
        return d;
    }

    /** Statistic and p-value; {@code NaN}s when either side is empty. */
    public static TestResult test(long[] expected, long[] actual) {
        double d = statistic(expected, actual);
        if (Double.isNaN(d)) {
            return new TestResult("ks", Double.NaN, Double.NaN);
        }
        int n = (int) Math.min(Integer.MAX_VALUE, Psi.sum(expected));
        int m = (int) Math.min(Integer.MAX_VALUE, Psi.sum(actual));
        return new TestResult("ks", d, KS.approximateP(d, n, m));
    }
}
