package io.rtml.monitor.drift;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HolmTest {

    /** Oracle: Holm-adjusted p-values, {@code max_{j ≤ i} min(1, (F − j + 1) p(j))}, rejected at ≤ alpha. */
    static boolean[] byAdjustedPValues(double[] p, double alpha) {
        int f = p.length;
        double[] sorted = p.clone();
        Arrays.sort(sorted);
        boolean[] out = new boolean[f];
        for (int i = 0; i < f; i++) {
            double adjusted = 0;
            for (int j = 0; j < f; j++) {
                if (sorted[j] <= p[i]) {
                    adjusted = Math.max(adjusted, Math.min(1, (f - j) * sorted[j]));
                }
            }
            out[i] = adjusted <= alpha;
        }
        return out;
    }

    @Test
    void shouldRejectWhatTheAdjustedPValuesReject() {
        Random random = new Random(3);
        for (int trial = 0; trial < 2_000; trial++) {
            int f = 1 + random.nextInt(8);
            double[] p = new double[f];
            for (int i = 0; i < f; i++) {
                p[i] = random.nextBoolean() ? random.nextDouble() * 0.05 : random.nextDouble();
            }
            Holm.Decision[] d = Holm.decide(p, 0.05);
            boolean[] expected = byAdjustedPValues(p, 0.05);
            for (int i = 0; i < f; i++) {
                assertThat(d[i].rejected()).as("p = %s, index %d", Arrays.toString(p), i).isEqualTo(expected[i]);
            }
        }
    }

    @Test
    void shouldHoldTheSmallestAgainstAlphaOverFAndSkipUntestedFeatures() {
        Holm.Decision[] d = Holm.decide(new double[] {0.03, Double.NaN, 0.001, 0.5}, 0.06);
        assertThat(d[2].level()).isEqualTo(0.02);
        assertThat(d[2].rejected()).isTrue();
        assertThat(d[0].level()).isEqualTo(0.03);
        assertThat(d[0].rejected()).isTrue();
        assertThat(d[3].level()).isEqualTo(0.06);
        assertThat(d[3].rejected()).isFalse();
        assertThat(d[1].level()).isNaN();
        assertThat(d[1].rejected()).isFalse();
    }

    @Test
    void shouldStopAtTheFirstPValueAboveItsLevel() {
        // 0.028 > 0.05/2 stops the procedure, so 0.03 ≤ 0.05 is not rejected either.
        Holm.Decision[] d = Holm.decide(new double[] {0.03, 0.028}, 0.05);
        assertThat(d[0].rejected()).isFalse();
        assertThat(d[1].rejected()).isFalse();
    }
}
