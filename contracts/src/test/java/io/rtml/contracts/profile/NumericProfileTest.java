package io.rtml.contracts.profile;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NumericProfileTest {

    @Test
    void shouldMatchIndependentMeanVarianceMinMax() {
        Random random = new Random(7);
        double[] values = random.doubles(5_000).map(v -> v * 40 - 12).toArray();
        NumericProfile profile = NumericProfile.withEdgesFrom(values, 10);
        for (double v : values) {
            profile.add(v);
        }
        DescriptiveStatistics oracle = new DescriptiveStatistics(values);
        assertThat(profile.count()).isEqualTo(5_000);
        assertThat(profile.mean()).isCloseTo(oracle.getMean(), within(1e-9));
        assertThat(profile.variance()).isCloseTo(oracle.getVariance(), within(1e-7));
        assertThat(profile.min()).isEqualTo(oracle.getMin());
        assertThat(profile.max()).isEqualTo(oracle.getMax());
    }

    @Test
    void shouldGiveTheSameStatisticsWhenPartsAreMergedAsWhenFoldedWhole() {
        Random random = new Random(11);
        double[] values = random.doubles(3_000).map(v -> v * v * 100).toArray();
        NumericProfile whole = NumericProfile.withEdgesFrom(values, 8);
        NumericProfile left = whole.emptyCopy();
        NumericProfile right = whole.emptyCopy();
        for (int i = 0; i < values.length; i++) {
            whole.add(values[i]);
            (i < 1_000 ? left : right).add(values[i]);
        }
        left.merge(right);
        assertThat(left.counts()).containsExactly(whole.counts());
        assertThat(left.mean()).isCloseTo(whole.mean(), within(1e-9));
        assertThat(left.variance()).isCloseTo(whole.variance(), within(1e-6));
        assertThat(left.min()).isEqualTo(whole.min());
        assertThat(left.max()).isEqualTo(whole.max());
    }

    @Test
    void shouldPutEqualShareOfTrainingDataInEachBin() {
        double[] values = new Random(3).doubles(10_000).toArray();
        NumericProfile profile = NumericProfile.withEdgesFrom(values, 10);
        for (double v : values) {
            profile.add(v);
        }
        assertThat(profile.edges()).hasSize(9);
        for (long c : profile.counts()) {
            assertThat(c).isBetween(990L, 1_010L);
        }
    }

    @Test
    void shouldGiveADiscreteFeatureOneBinPerValue() {
        double[] values = new double[1_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 3;
        }
        NumericProfile profile = NumericProfile.withEdgesFrom(values, 10);
        assertThat(profile.edges()).containsExactly(1.0, 2.0);
    }

    @Test
    void shouldEstimateQuantilesCloseToExactPercentiles() {
        double[] values = new Random(5).doubles(20_000).map(v -> v * 100).toArray();
        NumericProfile profile = NumericProfile.withEdgesFrom(values, 50);
        for (double v : values) {
            profile.add(v);
        }
        DescriptiveStatistics oracle = new DescriptiveStatistics(values);
        for (double q : new double[]{0.05, 0.25, 0.5, 0.75, 0.95}) {
            assertThat(profile.quantile(q)).isCloseTo(oracle.getPercentile(q * 100), within(1.0));
        }
    }

    @Test
    void shouldCountNullNanAndUnparseableValuesAsMissing() {
        NumericProfile profile = NumericProfile.withEdges(0.5);
        profile.add((Object) null);
        profile.add(Double.NaN);
        profile.add("not a number");
        profile.add("");
        profile.add("0.7");
        profile.add(0.2);
        assertThat(profile.missing()).isEqualTo(4);
        assertThat(profile.count()).isEqualTo(2);
        assertThat(profile.counts()).containsExactly(1, 1);
        assertThat(profile.completeness()).isCloseTo(2.0 / 6, within(1e-12));
    }

    @Test
    void shouldRefuseToMergeProfilesWithDifferentEdges() {
        assertThatThrownBy(() -> NumericProfile.withEdges(1, 2).merge(NumericProfile.withEdges(1, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same bin edges");
    }

    @Test
    void shouldRejectEdgesThatAreNotIncreasing() {
        assertThatThrownBy(() -> NumericProfile.withEdges(2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing");
    }
}
