package io.rtml.monitor.drift;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChiSquaredTest {

    @Test
    void shouldEqualCommonsMathOnTheRawCountsAfterDroppingCategoriesEmptyOnBothSides() {
        long[] baseline = {120, 0, 80, 40, 0};
        long[] live = {30, 0, 45, 10, 5};
        TestResult result = ChiSquared.test(baseline, live);

        long[] b = {120, 80, 40, 0};
        long[] l = {30, 45, 10, 5};
        ChiSquareTest commons = new ChiSquareTest();
        assertThat(result.test()).isEqualTo("chi2");
        assertThat(result.pValue()).isCloseTo(commons.chiSquareTestDataSetsComparison(b, l), within(1e-15));
        assertThat(result.statistic()).isCloseTo(commons.chiSquareDataSetsComparison(b, l), within(1e-12));
    }

    @Test
    void shouldSayNothingDiffersWhenOnlyOneCategoryIsUsed() {
        TestResult result = ChiSquared.test(new long[] {0, 7, 0}, new long[] {0, 3, 0});
        assertThat(result.statistic()).isEqualTo(0.0);
        assertThat(result.pValue()).isEqualTo(1.0);
    }
}
