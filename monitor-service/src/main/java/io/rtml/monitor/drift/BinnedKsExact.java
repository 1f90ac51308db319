package io.rtml.monitor.drift;

import org.apache.commons.math3.special.Gamma;

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

    /** Largest spread of a factor's logarithm the fast path takes before {@code exp} could underflow. */
    private static final double MAX_LOG_RANGE = 650;

    /**
     * {@code P(max_k |A_k(m+n) − C_k n| < tObs)} under the multivariate hypergeometric law.
     *
     * <p>{@code f[a − lo]} is the probability that the cumulative window count is {@code a} after the
     * bins so far and every constraint held, a number in [0, 1]. One bin moves it by the hypergeometric
     * pmf {@code P(a | prev) = C(N_k, a − prev)·C(R', n − a) / C(R, n − prev)} ({@code R}, {@code R'} the
     * pooled rows not yet binned before and after the bin), written as three factors of {@code prev},
     * {@code a − prev} and {@code a}, each tilted by {@code exp(±α·)} with {@code α = ln((N − n)/n)} so
     * that none spans more than a few dozen orders of magnitude over the band; where one would, the
     * terms are summed one by one in logarithms instead.
     */
    static double nonRejection(long[] pooled, long[] cumPooled, long n, long big, long tObs) {
        int k = pooled.length;
        long lo = 0;
        long hi = 0;
        double[] f = {1.0};
        double[] h = {logChoose(big, n)};
        double alpha = Math.log((double) (big - n) / n);
        for (int i = 0; i < k; i++) {
            long nk = pooled[i];
            long c = cumPooled[i];
            long rest = big - c;
            long newLo = Math.max(lo, Math.max(0, n - rest));
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
            int width = (int) (newHi - newLo + 1);
            // hNew[a − newLo] = ln C(rest, n − a), from a = newHi down.
            double[] hNew = new double[width];
            hNew[width - 1] = logChoose(rest, n - newHi);
            for (int j = width - 2; j >= 0; j--) {
                long below = n - (newLo + j + 1);
                hNew[j] = hNew[j + 1] + Math.log((double) (rest - below) / (below + 1));
            }
            long xMin = Math.max(0, newLo - hi);
            long xMax = Math.min(nk, newHi - lo);
            double[] logW = new double[(int) (xMax - xMin + 1)];
            logW[0] = logChoose(nk, xMin);
            for (int x = 1; x < logW.length; x++) {
                long prevX = xMin + x - 1;
                logW[x] = logW[x - 1] + Math.log((double) (nk - prevX) / (prevX + 1));
            }
            double[] logV = new double[f.length];
            for (int j = 0; j < f.length; j++) {
                logV[j] = -h[j] - alpha * (lo + j);
            }
            for (int x = 0; x < logW.length; x++) {
                logW[x] -= alpha * (xMin + x);
            }
            double[] next = new double[width];
            if (range(logV) <= MAX_LOG_RANGE && range(logW) <= MAX_LOG_RANGE) {
                double mV = max(logV);
                double mW = max(logW);
                double[] g = new double[f.length];
                for (int j = 0; j < f.length; j++) {
                    g[j] = f[j] * Math.exp(logV[j] - mV);
                }
                double[] w = new double[logW.length];
                for (int x = 0; x < w.length; x++) {
                    w[x] = Math.exp(logW[x] - mW);
                }
                for (long a = newLo; a <= newHi; a++) {
                    long from = Math.max(lo, a - xMax);
                    long to = Math.min(hi, a - xMin);
                    double sum = 0;
                    for (long prev = from; prev <= to; prev++) {
                        sum += g[(int) (prev - lo)] * w[(int) (a - prev - xMin)];
                    }
                    int at = (int) (a - newLo);
                    next[at] = sum > 0 ? Math.exp(Math.log(sum) + mV + mW + hNew[at] + alpha * a) : 0;
                }
            } else {
                for (long a = newLo; a <= newHi; a++) {
                    long from = Math.max(lo, a - xMax);
                    long to = Math.min(hi, a - xMin);
                    int at = (int) (a - newLo);
                    double logU = hNew[at] + alpha * a;
                    double sum = 0;
                    for (long prev = from; prev <= to; prev++) {
                        double fp = f[(int) (prev - lo)];
                        if (fp > 0) {
                            sum += Math.exp(Math.log(fp) + logV[(int) (prev - lo)] + logW[(int) (a - prev - xMin)] + logU);
                        }
                    }
                    next[at] = sum;
                }
            }
            f = next;
            h = hNew;
            lo = newLo;
            hi = newHi;
        }
        return f[0];
    }

    private static double range(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return max - min;
    }

    private static double max(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        return max;
    }

    /** {@code ln C(a, b)}. */
    static double logChoose(long a, long b) {
        if (b < 0 || b > a) {
            throw new IllegalArgumentException("C(" + a + ", " + b + ")");
        }
        return Gamma.logGamma(a + 1.0) - Gamma.logGamma(b + 1.0) - Gamma.logGamma(a - b + 1.0);
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }

    private static double clamp(double p) {
        return Math.min(1, Math.max(0, p));
    }
}
