package io.rtml.monitor.concept;

import java.util.ArrayList;
import java.util.List;

/**
 * ADWIN, the adaptive window of Bifet and Gavaldà, <i>Learning from time-changing data with adaptive
 * windowing</i>, SDM 2007 (ADWIN2: the window kept as an exponential histogram, at most {@code M} buckets
 * of each size 2^i, so memory and time per value are O(log n)). Every {@code checkEvery} values it tries
 * each bucket boundary as a cut of the window into an older part W0 and a newer W1 and drops the older
 * part while their means differ by more than
 * {@code ε = sqrt(2/m · σ²_W · ln(2/δ')) + 2/(3m) · ln(2/δ')}, {@code m = 1/(1/n0 + 1/n1)},
 * {@code δ' = δ / ln n} (the paper's bound with the variance of the window). Only a rise of the mean
 * (newer part worse) is reported as a change, since a falling error rate is no alarm; the window adapts
 * either way.
 */
public final class Adwin implements ChangeDetector {

    private static final int M = 5;

    private final double delta;
    private final int checkEvery;
    private final int minSide;
    /** levels.get(i): buckets of 2^i values, oldest first; each {sum, sum of squares}. */
    private final List<List<double[]>> levels = new ArrayList<>();
    private long n;
    private double sum;
    private double sumSq;
    private long sinceCheck;

    public Adwin(double delta, int checkEvery, int minSide) {
        if (!(delta > 0 && delta < 1) || checkEvery < 1 || minSide < 1) {
            throw new IllegalArgumentException("ADWIN needs 0 < delta < 1, checkEvery >= 1, minSide >= 1");
        }
        this.delta = delta;
        this.checkEvery = checkEvery;
        this.minSide = minSide;
    }

    @Override
    public boolean add(double x) {
        insert(x);
        if (++sinceCheck < checkEvery) {
            return false;
        }
        sinceCheck = 0;
        boolean rise = false;
        boolean cut;
        do {
            cut = false;
            // Walk cuts from the oldest boundary: W0 = buckets older than the cut, W1 = the rest.
            long n0 = 0;
            double s0 = 0;
            double variance = Math.max(0, sumSq / n - (sum / n) * (sum / n));
            double logTerm = Math.log(2 * Math.log(Math.max(n, 3)) / delta);
            outer:
            for (int level = levels.size() - 1; level >= 0; level--) {
                List<double[]> buckets = levels.get(level);
                for (double[] b : buckets) {
                    n0 += 1L << level;
                    s0 += b[0];
                    long n1 = n - n0;
                    if (n1 < minSide) {
                        break outer;
                    }
                    if (n0 < minSide) {
                        continue;
                    }
                    double m = 1.0 / (1.0 / n0 + 1.0 / n1);
                    double epsilon = Math.sqrt(2.0 / m * variance * logTerm) + 2.0 / (3.0 * m) * logTerm;
                    double difference = (sum - s0) / n1 - s0 / n0;
                    if (Math.abs(difference) > epsilon) {
                        rise |= difference > 0;
                        dropOldest();
                        cut = true;
                        break outer;
                    }
                }
            }
        } while (cut && n > 2L * minSide);
        return rise;
    }

    private void insert(double x) {
        if (levels.isEmpty()) {
            levels.add(new ArrayList<>());
        }
        levels.get(0).add(new double[] {x, x * x});
        n++;
        sum += x;
        sumSq += x * x;
        for (int level = 0; level < levels.size(); level++) {
            List<double[]> buckets = levels.get(level);
            if (buckets.size() <= M) {
                break;
            }
            double[] a = buckets.remove(0);
            double[] b = buckets.remove(0);
            if (level + 1 == levels.size()) {
                levels.add(new ArrayList<>());
            }
            levels.get(level + 1).add(new double[] {a[0] + b[0], a[1] + b[1]});
        }
    }

    /** Drops the oldest bucket (the largest level's first). */
    private void dropOldest() {
        for (int level = levels.size() - 1; level >= 0; level--) {
            List<double[]> buckets = levels.get(level);
            if (!buckets.isEmpty()) {
                double[] b = buckets.remove(0);
                n -= 1L << level;
                sum -= b[0];
                sumSq -= b[1];
                if (buckets.isEmpty() && level == levels.size() - 1) {
                    levels.remove(level);
                }
                return;
            }
        }
    }

    /** Values in the window now. */
    public long width() {
        return n;
    }

    @Override
    public String name() {
        return "adwin";
    }
}
