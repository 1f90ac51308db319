package io.rtml.monitor.value;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The 95 % confidence interval of a KPI's uplift, model minus holdout. For a rate: Newcombe's hybrid score interval
 * (his method 10), built from each side's Wilson score interval, which keeps its coverage for small samples and
 * rates near 0 or 1 where the textbook Wald interval does not. For a mean: Welch's t interval, which does not
 * assume the two sides have the same variance.
 */
public final class UpliftInterval {

    /** Two-sided 95 %. */
    static final double CONFIDENCE = 0.95;
    private static final double Z = new NormalDistribution().inverseCumulativeProbability(0.5 + CONFIDENCE / 2);

    /** A closed interval; both ends NaN when there is too little data for one. */
    public record Interval(double low, double high) {

        static final Interval NONE = new Interval(Double.NaN, Double.NaN);

        public boolean defined() {
            return !Double.isNaN(low) && !Double.isNaN(high);
        }
    }

    private UpliftInterval() {
    }

    /** Wilson score interval of a proportion {@code x / n} (n > 0). */
    static Interval wilson(long x, long n) {
        double p = (double) x / n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
        double half = Z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** Newcombe's interval of {@code x1/n1 - x0/n0}; undefined when a side has no observation. */
    public static Interval rateDifference(long x1, long n1, long x0, long n0) {
        if (n1 <= 0 || n0 <= 0) {
            return Interval.NONE;
        }
        double p1 = (double) x1 / n1;
        double p0 = (double) x0 / n0;
        Interval w1 = wilson(x1, n1);
        Interval w0 = wilson(x0, n0);
        double d = p1 - p0;
        return new Interval(d - Math.sqrt(sq(p1 - w1.low()) + sq(w0.high() - p0)),
                d + Math.sqrt(sq(w1.high() - p1) + sq(p0 - w0.low())));
    }

    /**
     * Welch's interval of {@code mean1 - mean0} from each side's count, mean and sample variance; undefined when a
     * side has fewer than two observations. Two sides without any spread give the difference itself.
     */
    public static Interval meanDifference(long n1, double mean1, double var1, long n0, double mean0, double var0) {
        if (n1 < 2 || n0 < 2) {
            return Interval.NONE;
        }
        double a = var1 / n1;
        double b = var0 / n0;
        double d = mean1 - mean0;
        double se = Math.sqrt(a + b);
        if (se == 0) {
            return new Interval(d, d);
        }
        double df = sq(a + b) / (sq(a) / (n1 - 1) + sq(b) / (n0 - 1));
        double t = new TDistribution(null, df).inverseCumulativeProbability(0.5 + CONFIDENCE / 2);
        return new Interval(d - t * se, d + t * se);
    }

    private static double sq(double v) {
        return v * v;
    }
}
