package io.rtml.monitor.concept;

/**
 * HDDM_A, the drift detector on moving averages with Hoeffding bounds of Frías-Blanco, del Campo-Ávila,
 * Ramos-Jiménez, Morales-Bueno, Ortiz-Díaz and Caballero-Mota, <i>Online and non-parametric drift
 * detection methods based on Hoeffding's bounds</i>, IEEE TKDE 27(3), 2015 (the A-test, one-sided: a
 * rise of the mean). It keeps the cut point {@code cut} at which the mean so far, plus its Hoeffding
 * radius {@code sqrt(ln(1/α) / 2n)}, was smallest, and reports a change when the mean of the values after
 * the cut exceeds the mean up to it by more than the Hoeffding bound for a difference of two means,
 * {@code sqrt((1/n_cut + 1/n_after) / 2 · ln(1/α))}, for values in [0, 1].
 */
public final class HddmA implements ChangeDetector {

    private final double logInverseAlpha;
    private long n;
    private double sum;
    private long cutN;
    private double cutSum;

    /** @param alpha the drift confidence of the paper (its default is 0.001) */
    public HddmA(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("HDDM_A needs 0 < alpha < 1, got " + alpha);
        }
        this.logInverseAlpha = Math.log(1 / alpha);
    }

    @Override
    public boolean add(double x) {
        n++;
        sum += x;
        if (cutN == 0 || sum / n + radius(n) <= cutSum / cutN + radius(cutN)) {
            cutN = n;
            cutSum = sum;
        }
        long after = n - cutN;
        if (after == 0) {
            return false;
        }
        double rise = (sum - cutSum) / after - cutSum / cutN;
        double bound = Math.sqrt((1.0 / cutN + 1.0 / after) / 2 * logInverseAlpha);
        if (rise > bound) {
            n = 0;
            sum = 0;
            cutN = 0;
            cutSum = 0;
            return true;
        }
        return false;
    }

    private double radius(long count) {
        return Math.sqrt(logInverseAlpha / (2.0 * count));
    }

    @Override
    public String name() {
        return "hddm_a";
    }
}
