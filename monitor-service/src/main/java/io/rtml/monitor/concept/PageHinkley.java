package io.rtml.monitor.concept;

/**
 * The Page–Hinkley test for an increase of the mean (Page, <i>Continuous inspection schemes</i>,
 * Biometrika 1954; Hinkley 1971): with {@code x̄_t} the mean so far,
 * {@code m_t = Σ (x_i − x̄_i − δ)} and {@code M_t = min m}, a change is reported when
 * {@code m_t − M_t > λ}, after at least {@code minInstances} values. {@code δ} is the size of rise
 * tolerated, {@code λ} the evidence required: a rise of {@code d} is reported after about
 * {@code λ / (d − δ)} values.
 */
public final class PageHinkley implements ChangeDetector {

    private final double delta;
    private final double lambda;
    private final int minInstances;
    private long n;
    private double mean;
    private double cumulative;
    private double minimum;

    public PageHinkley(double delta, double lambda, int minInstances) {
        if (!(delta >= 0) || !(lambda > 0) || minInstances < 1) {
            throw new IllegalArgumentException("Page-Hinkley needs delta >= 0, lambda > 0, minInstances >= 1");
        }
        this.delta = delta;
        this.lambda = lambda;
        this.minInstances = minInstances;
    }

    @Override
    public boolean add(double x) {
        n++;
        mean += (x - mean) / n;
        cumulative += x - mean - delta;
        minimum = Math.min(minimum, cumulative);
        if (n >= minInstances && cumulative - minimum > lambda) {
            reset();
            return true;
        }
        return false;
    }

    private void reset() {
        n = 0;
        mean = 0;
        cumulative = 0;
        minimum = 0;
    }

    @Override
    public String name() {
        return "page_hinkley";
    }
}
