package io.rtml.monitor.drift;

import org.apache.commons.math3.util.CombinatoricsUtils;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BinnedKsExactTest {

    /** Oracle: P(D ≥ d) summed over every window table with the pooled counts (four bins). */
    static double enumerated(long[] expected, long[] actual) {
        long[] pooled = new long[4];
        int n = 0;
        int big = 0;
        for (int i = 0; i < 4; i++) {
            pooled[i] = expected[i] + actual[i];
            n += (int) actual[i];
            big += (int) pooled[i];
        }
        double observed = BinnedKs.statistic(expected, actual);
        double p = 0;
        for (int a0 = 0; a0 <= pooled[0]; a0++) {
            for (int a1 = 0; a1 <= pooled[1]; a1++) {
                for (int a2 = 0; a2 <= pooled[2]; a2++) {
                    int a3 = n - a0 - a1 - a2;
                    if (a3 < 0 || a3 > pooled[3]) {
                        continue;
                    }
                    long[] a = {a0, a1, a2, a3};
                    long[] e = {pooled[0] - a0, pooled[1] - a1, pooled[2] - a2, pooled[3] - a3};
                    if (BinnedKs.statistic(e, a) >= observed - 1e-12) {
                        p += CombinatoricsUtils.binomialCoefficientDouble((int) pooled[0], a0)
                                * CombinatoricsUtils.binomialCoefficientDouble((int) pooled[1], a1)
                                * CombinatoricsUtils.binomialCoefficientDouble((int) pooled[2], a2)
                                * CombinatoricsUtils.binomialCoefficientDouble((int) pooled[3], a3)
                                / CombinatoricsUtils.binomialCoefficientDouble(big, n);
                    }
                }
            }
        }
        return p;
    }

    @Test
    void shouldEqualTheEnumeratedPermutationDistributionOnSmallTables() {
        long[][][] cases = {
                {{10, 12, 9, 11}, {2, 5, 6, 7}},
                {{30, 5, 0, 12}, {3, 4, 2, 1}},
                {{8, 8, 8, 8}, {8, 8, 8, 8}},
                {{40, 1, 1, 1}, {1, 1, 1, 9}},
                {{3, 2, 4, 1}, {20, 15, 10, 5}},
        };
        for (long[][] c : cases) {
            TestResult r = BinnedKsExact.test(c[0], c[1]);
            assertThat(r.method()).isEqualTo("exact");
            assertThat(r.statistic()).isCloseTo(BinnedKs.statistic(c[0], c[1]), within(1e-12));
            assertThat(r.pValue()).as("p-value of %s vs %s", c[0], c[1]).isCloseTo(enumerated(c[0], c[1]), within(1e-9));
        }
    }

    @Test
    void shouldAgreeWithAPermutationRunOfTheRawRowsOnALargerWindow() {
        Random random = new Random(5);
        double[] cuts = {-1.5, -1, -0.5, -0.2, 0, 0.2, 0.5, 1, 1.5};
        long[] expected = new long[cuts.length + 1];
        long[] actual = new long[cuts.length + 1];
        for (int i = 0; i < 2000; i++) {
            expected[bin(cuts, random.nextGaussian())]++;
        }
        for (int i = 0; i < 300; i++) {
            actual[bin(cuts, random.nextGaussian() + 0.12)]++;
        }
        double p = BinnedKsExact.test(expected, actual).pValue();

        // Oracle: shuffle the pooled rows' bins, split 2000 / 300, count statistics at least the observed.
        int[] urn = new int[2300];
        int at = 0;
        for (int b = 0; b < expected.length; b++) {
            for (long j = 0; j < expected[b] + actual[b]; j++) {
                urn[at++] = b;
            }
        }
        double observed = BinnedKs.statistic(expected, actual);
        SplittableRandom shuffle = new SplittableRandom(9);
        int permutations = 20_000;
        int atLeast = 0;
        for (int s = 0; s < permutations; s++) {
            long[] e = new long[expected.length];
            long[] a = new long[expected.length];
            for (int i = 0; i < urn.length; i++) {
                int j = i + shuffle.nextInt(urn.length - i);
                int t = urn[i];
                urn[i] = urn[j];
                urn[j] = t;
                (i < 300 ? a : e)[urn[i]]++;
            }
            if (BinnedKs.statistic(e, a) >= observed - 1e-12) {
                atLeast++;
            }
        }
        double permuted = (double) atLeast / permutations;
        assertThat(p).isBetween(0.001, 0.5);
        assertThat(p).isCloseTo(permuted, within(5 * Math.sqrt(p * (1 - p) / permutations)));
    }

    @Test
    void shouldReturnAValidBoundForAGrosslyShiftedLargeWindow() {
        long[] expected = {1000, 1000, 1000, 1000};
        long[] actual = {100_000, 0, 0, 0};
        TestResult r = BinnedKsExact.test(expected, actual);
        assertThat(r.method()).isEqualTo("bound");
        assertThat(r.pValue()).isLessThan(BinnedKsExact.BOUND_CUTOFF);
    }

    @Test
    void shouldSayNothingDiffersWithOneBinOrEqualShares() {
        assertThat(BinnedKsExact.test(new long[] {5}, new long[] {9}).pValue()).isEqualTo(1.0);
        assertThat(BinnedKsExact.test(new long[] {5, 5}, new long[] {1, 1}).pValue()).isEqualTo(1.0);
        assertThat(BinnedKsExact.test(new long[] {5, 5}, new long[] {0, 0}).pValue()).isNaN();
    }

    private static int bin(double[] cuts, double v) {
        int i = java.util.Arrays.binarySearch(cuts, v);
        return i >= 0 ? i + 1 : -(i + 1);
    }
}
