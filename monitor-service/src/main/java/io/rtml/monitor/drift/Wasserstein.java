package io.rtml.monitor.drift;

import io.rtml.contracts.profile.NumericProfile;

/**
 * The Wasserstein-1 (earth mover's) distance between a numeric feature's baseline and live bins, divided by
 * the baseline's standard deviation, as Evidently normalises it, so that 0.1 reads as "a tenth of a
 * standard deviation of mass moved", whatever the feature's unit. Each bin's mass sits at one point: the
 * middle of an inner bin {@code [e(i−1), e(i))}, the baseline's minimum for the bin below the first edge
 * and its maximum for the bin at or above the last (the edge itself when those are not beyond it). On that
 * common support {@code W1 = Σ_k |F_e(k) − F_a(k)| · (x(k+1) − x(k))}. A shift within one bin is not seen,
 * as by every binned statistic here.
 */
public final class Wasserstein {

    private Wasserstein() {
    }

    /** The points each bin's mass is put at, in order. */
    static double[] support(NumericProfile baseline) {
        double[] edges = baseline.edges();
        int bins = edges.length + 1;
        double[] x = new double[bins];
        double min = baseline.min() == null ? edges[0] : Math.min(baseline.min(), edges[0]);
        double max = baseline.max() == null ? edges[edges.length - 1] : Math.max(baseline.max(), edges[edges.length - 1]);
        x[0] = min;
        for (int i = 1; i < bins - 1; i++) {
            x[i] = (edges[i - 1] + edges[i]) / 2;
        }
        x[bins - 1] = max;
        return x;
    }

    /** Normalised W1 of {@code actual} against {@code expected} (counts on the baseline's bins); NaN when undefined. */
    public static double normalised(NumericProfile baseline, long[] expected, long[] actual) {
        double sd = Math.sqrt(baseline.variance());
        if (baseline.edges().length == 0 || !(sd > 0)) {
            return Double.NaN;
        }
        return distance(support(baseline), expected, actual) / sd;
    }

    /** W1 between two count vectors on the sorted support {@code x}; NaN when either side is empty. */
    static double distance(double[] x, long[] expected, long[] actual) {
        double ne = Psi.sum(expected);
        double na = Psi.sum(actual);
        if (ne == 0 || na == 0) {
            return Double.NaN;
        }
        double fe = 0;
        double fa = 0;
        double w = 0;
        for (int k = 0; k < x.length - 1; k++) {
            fe += expected[k] / ne;
            fa += actual[k] / na;
            w += Math.abs(fe - fa) * (x[k + 1] - x[k]);
        }
        return w;
    }
}
