package io.rtml.monitor.drift;

import org.apache.commons.math3.util.CombinatoricsUtils;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChiSquaredTest {

    @Test
    void shouldEqualCommonsMathOnTheRawCountsAfterDroppingCategoriesEmptyOnBothSides() {
        long[] baseline = {1200, 0, 800, 400, 0};
        long[] live = {300, 0, 450, 100, 50};
        TestResult result = ChiSquared.test(baseline, live);

        long[] b = {1200, 800, 400, 0};
        long[] l = {300, 450, 100, 50};
        ChiSquareTest commons = new ChiSquareTest();
        assertThat(result.test()).isEqualTo("chi2");
        assertThat(result.method()).isEqualTo("asymptotic");
        assertThat(result.pValue()).isCloseTo(commons.chiSquareTestDataSetsComparison(b, l), within(1e-15));
        assertThat(result.statistic()).isCloseTo(commons.chiSquareDataSetsComparison(b, l), within(1e-12));
    }

    @Test
    void shouldSayNothingDiffersWhenOnlyOneCategoryIsUsed() {
        TestResult result = ChiSquared.test(new long[] {0, 7, 0}, new long[] {0, 3, 0});
        assertThat(result.statistic()).isEqualTo(0.0);
        assertThat(result.pValue()).isEqualTo(1.0);
    }

    @Test
    void shouldGiveTheExactPermutationPValueWithinMonteCarloErrorWhenExpectedCountsAreSmall() {
        long[] baseline = {20, 6, 3, 1};
        long[] live = {4, 4, 3, 1};
        TestResult result = ChiSquared.test(baseline, live, 0.05);
        assertThat(result.method()).isEqualTo("monte-carlo");

        // Oracle: every window table with the pooled counts, weighted by its hypergeometric probability,
        // with Pearson's statistic from Commons Math.
        ChiSquareTest commons = new ChiSquareTest();
        long[] pooled = {24, 10, 6, 2};
        int n = 12;
        int big = 42;
        double observed = commons.chiSquareDataSetsComparison(baseline, live);
        double exact = 0;
        for (int a0 = 0; a0 <= pooled[0]; a0++) {
            for (int a1 = 0; a1 <= pooled[1]; a1++) {
                for (int a2 = 0; a2 <= pooled[2]; a2++) {
                    int a3 = n - a0 - a1 - a2;
                    if (a3 < 0 || a3 > pooled[3]) {
                        continue;
                    }
                    long[] a = {a0, a1, a2, a3};
                    long[] e = {pooled[0] - a0, pooled[1] - a1, pooled[2] - a2, pooled[3] - a3};
                    double prob = CombinatoricsUtils.binomialCoefficientDouble(24, a0)
                            * CombinatoricsUtils.binomialCoefficientDouble(10, a1)
                            * CombinatoricsUtils.binomialCoefficientDouble(6, a2)
                            * CombinatoricsUtils.binomialCoefficientDouble(2, a3)
                            / CombinatoricsUtils.binomialCoefficientDouble(big, n);
                    if (commons.chiSquareDataSetsComparison(e, a) >= observed - 1e-9) {
                        exact += prob;
                    }
                }
            }
        }
        int simulations = 200_000;
        double mc = ChiSquared.monteCarlo(baseline, live, simulations);
        assertThat(exact).isBetween(0.01, 0.5);
        assertThat(mc).isCloseTo(exact, within(5 * Math.sqrt(exact * (1 - exact) / simulations)));
        // The asymptotic p-value is visibly off on this table.
        assertThat(Math.abs(commons.chiSquareTestDataSetsComparison(baseline, live) - exact)).isGreaterThan(0.005);
    }

    @Test
    void shouldSizeTheMonteCarloRunForTheLevelAskedFor() {
        assertThat(ChiSquared.simulations(0.05, 50)).isEqualTo(ChiSquared.MIN_SIMULATIONS);
        assertThat(ChiSquared.simulations(1e-4, 50)).isEqualTo(199_999);
        assertThat(ChiSquared.simulations(1e-9, 50)).isEqualTo(ChiSquared.MAX_SIMULATIONS);
        assertThat(ChiSquared.simulations(1e-9, 1_000)).isEqualTo(50_000);
    }
}
