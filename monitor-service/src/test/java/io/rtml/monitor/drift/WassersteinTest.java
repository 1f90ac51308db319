package io.rtml.monitor.drift;

import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.contracts.profile.FeatureType;
import io.rtml.contracts.profile.NumericProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WassersteinTest {

    /** Each value moved to the point its bin's mass sits at, as {@link Wasserstein} places it. */
    static double[] binned(NumericProfile baseline, double[] values) {
        double[] x = Wasserstein.support(baseline);
        double[] edges = baseline.edges();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            int bin = 0;
            while (bin < edges.length && values[i] >= edges[bin]) {
                bin++;
            }
            out[i] = x[bin];
        }
        return out;
    }

    static NumericProfile profile(double[] values, NumericProfile shape) {
        NumericProfile p = shape.emptyCopy();
        Arrays.stream(values).forEach(p::add);
        return p;
    }

    @Test
    void shouldEqualTheMeanDistanceOfTheSortedSamplesMatchedInOrderOnTheBinnedValues() {
        Random random = new Random(7);
        List<Map<String, Double>> rows = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            rows.add(Map.of("x", random.nextGaussian() * 2 + 1));
        }
        NumericProfile baseline = (NumericProfile) DatasetProfile.fromRows(rows, Map.of("x", FeatureType.NUMERIC)).feature("x");
        for (double shift : new double[] {0, 0.3, 1.5}) {
            int n = 2000;
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = random.nextGaussian() * 2 + 1;
                b[i] = random.nextGaussian() * 2 + 1 + shift;
            }
            // The oracle: W1 of two equal-sized samples is the mean gap of their order statistics.
            double[] sa = binned(baseline, a);
            double[] sb = binned(baseline, b);
            Arrays.sort(sa);
            Arrays.sort(sb);
            double oracle = 0;
            for (int i = 0; i < n; i++) {
                oracle += Math.abs(sa[i] - sb[i]) / n;
            }
            double w = Wasserstein.distance(Wasserstein.support(baseline), profile(a, baseline).counts(),
                    profile(b, baseline).counts());
            assertThat(w).as("shift " + shift).isCloseTo(oracle, within(1e-9));
            assertThat(Wasserstein.normalised(baseline, profile(a, baseline).counts(), profile(b, baseline).counts()))
                    .isCloseTo(oracle / Math.sqrt(baseline.variance()), within(1e-9));
        }
    }

    @Test
    void shouldBeZeroForTheSameBinsAndUndefinedForAnEmptySide() {
        Random random = new Random(8);
        List<Map<String, Double>> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(Map.of("x", random.nextDouble()));
        }
        NumericProfile baseline = (NumericProfile) DatasetProfile.fromRows(rows, Map.of("x", FeatureType.NUMERIC)).feature("x");
        assertThat(Wasserstein.normalised(baseline, baseline.counts(), baseline.counts())).isZero();
        assertThat(Wasserstein.normalised(baseline, baseline.counts(), new long[baseline.counts().length])).isNaN();
    }
}
