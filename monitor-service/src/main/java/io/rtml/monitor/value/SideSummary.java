package io.rtml.monitor.value;

/**
 * One side's outcomes for a KPI: how many joined predictions had the outcome, their sum and sum of squares (a yes
 * counts 1). Enough for a rate, a mean and a sample variance, and summaries of buckets add up.
 */
public record SideSummary(long n, double sum, double sumOfSquares) {

    public static final SideSummary EMPTY = new SideSummary(0, 0, 0);

    public SideSummary plus(SideSummary other) {
        return new SideSummary(n + other.n, sum + other.sum, sumOfSquares + other.sumOfSquares);
    }

    /** The rate or mean; NaN without observations. */
    public double value() {
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Sample variance (n - 1); NaN with fewer than two observations. */
    public double variance() {
        if (n < 2) {
            return Double.NaN;
        }
        return Math.max(0, (sumOfSquares - sum * sum / n) / (n - 1));
    }
}
