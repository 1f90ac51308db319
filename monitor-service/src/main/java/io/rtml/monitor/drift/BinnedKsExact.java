package io.rtml.monitor.drift;

/**
 * Exact p-value of the two-sample Kolmogorov–Smirnov statistic on binned data, conditional on the
 * pooled bin counts (the permutation null).
 *
 * <p>Under "baseline and window come from one distribution", given the pooled count {@code N_k} of
 * every bin, the window's counts are multivariate hypergeometric: {@code P(a) = Π C(N_k, a_k) / C(N, n)}.
 * The statistic {@code D = max_k |A_k/n − E_k/m|} ({@code A_k}, {@code E_k} the cumulative window and
 * baseline counts) stays below the observed {@code d} exactly when every cumulative window count
 * {@code A_k} lies in an interval, so {@code P(D < d)} is a sum over lattice paths, computed bin by bin
 * by dynamic programming (the method of Conover 1972 and Dimitrova, Kaishev and Tan 2020 for a discrete
 * KS null, here with the hypergeometric rather than the multinomial law). Comparisons are in integers,
 * so ties count exactly: {@code p = P(D ≥ d)}. The test is valid at every window and baseline size,
 * small or large, and is not conservative the way the continuous Kolmogorov limit is on binned data
 * (it is only as conservative as the discreteness of D itself).
 *
 * <p>When Hoeffding's inequality for sampling without replacement already bounds the p-value below
 * {@link #BOUND_CUTOFF}, {@code 2(K−1)·exp(−2n(dm/N)²)}, that bound is returned instead (method
 * {@code bound}): it is a valid, conservative p-value, and it keeps the work of a grossly drifted large
 * window small.
 */
public final class BinnedKsExact {

    /** Below this, the p-value is the Hoeffding bound rather than the exact sum. */
    public static final double BOUND_CUTOFF = 1e-12;

    private BinnedKsExact() {
    }

    /** Statistic and p-value; {@code NaN}s when either side is empty. */
    public static TestResult test(long[] expected, long[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("KS needs the same bins on both sides");
        }
        long m = Psi.sum(expected);
        long n = Psi.sum(actual);
        if (m == 0 || n == 0) {
            return new TestResult("ks", Double.NaN, Double.NaN, null);
        }
        int k = expected.length;
        long big = m + n;
        long[] pooled = new long[k];
        long[] cumPooled = new long[k];
        long cp = 0;
        long ca = 0;
        long tObs = 0;
        try {
            for (int i = 0; i < k; i++) {
                pooled[i] = expected[i] + actual[i];
                cp += pooled[i];
                ca += actual[i];
                cumPooled[i] = cp;
                // |A/n − (C − A)/m| · n·m = |A·(m+n) − C·n|, an integer.
                tObs = Math.max(tObs, Math.abs(Math.subtractExact(Math.multiplyExact(ca, big), Math.multiplyExact(cp, n))));
            }
        } catch (ArithmeticException overflow) {
            return BinnedKs.test(expected, actual);
        }
        double d = (double) tObs / ((double) n * m);
        if (tObs == 0) {
            return new TestResult("ks", 0, 1, "exact");
        }
        double t = d * m / big;
        double bound = 2.0 * (k - 1) * Math.exp(-2.0 * n * t * t);
        if (bound < BOUND_CUTOFF) {
            return new TestResult("ks", d, bound, "bound");
        }
        return new TestResult("ks", d, clamp(1 - nonRejection(pooled, cumPooled, n, big, tObs)), "exact");
    }

    /** {@code P(max_k |A_k(m+n) − C_k n| < tObs)} under the multivariate hypergeometric law. */
    static double nonRejection(long[] pooled, long[] cumPooled, long n, long big, long tObs) {
        int k = pooled.length;
        // State: A (cumulative window count), kept over [lo, hi]; f[a − lo] scaled by exp(logScale).
        long lo = 0;
        long hi = 0;
        double[] f = {1.0};
        double logScale = 0;
        for (int i = 0; i < k; i++) {
            long nk = pooled[i];
            long c = cumPooled[i];
            long newLo = Math.max(lo, Math.max(0, n - (big - c)));
            long newHi = Math.min(Math.min(n, c), hi + nk);
            if (i < k - 1) {
                newLo = Math.max(newLo, Math.floorDiv(c * n - tObs, big) + 1);
                newHi = Math.min(newHi, ceilDiv(c * n + tObs, big) - 1);
            } else {
                newLo = Math.max(newLo, n);
                newHi = Math.min(newHi, n);
            }
            if (newLo > newHi) {
                return 0;
            }
            int maxStep = (int) Math.min(nk, newHi - lo);
            double[] w = binomialWeights(nk, maxStep);
            double wScale = w[w.length - 1];
            double[] g = new double[(int) (newHi - newLo + 1)];
            double gMax = 0;
            for (long a = newLo; a <= newHi; a++) {
                long from = Math.max(lo, a - maxStep);
                long to = Math.min(hi, a);
                double s = 0;
                for (long prev = from; prev <= to; prev++) {
                    s += f[(int) (prev - lo)] * w[(int) (a - prev)];
                }
                g[(int) (a - newLo)] = s;
                gMax = Math.max(gMax, s);
            }
            if (gMax == 0) {
                return 0;
            }
            for (int j = 0; j < g.length; j++) {
                g[j] /= gMax;
            }
            logScale += wScale + Math.log(gMax);
            f = g;
            lo = newLo;
            hi = newHi;
        }
        return Math.exp(logScale + Math.log(f[0]) - logChoose(big, n));
    }

    /**
     * {@code C(nk, x)} for {@code x = 0..maxStep}, divided by the largest of them; the logarithm of
     * that divisor is stored in the extra last slot.
     */
    private static double[] binomialWeights(long nk, int maxStep) {
        double[] log = new double[maxStep + 1];
        double top = 0;
        for (int x = 1; x <= maxStep; x++) {
            log[x] = log[x - 1] + Math.log((double) (nk - x + 1) / x);
            top = Math.max(top, log[x]);
        }
        double[] w = new double[maxStep + 2];
        for (int x = 0; x <= maxStep; x++) {
            w[x] = Math.exp(log[x] - top);
        }
        w[maxStep + 1] = top;
        return w;
    }

    /**
     * {@code ln C(a, b)} as {@code Σ ln((a − j)/(b − j))}: rounding errors of {@code ~1e-16} per term
     * rather than of the huge {@code ln Γ(a + 1)}, so the p-value keeps its small digits.
     */
    static double logChoose(long a, long b) {
        long r = Math.min(b, a - b);
        double s = 0;
        for (long j = 0; j < r; j++) {
            s += Math.log((double) (a - j) / (r - j));
        }
        return s;
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }

    private static double clamp(double p) {
        return Math.min(1, Math.max(0, p));
    }
}
