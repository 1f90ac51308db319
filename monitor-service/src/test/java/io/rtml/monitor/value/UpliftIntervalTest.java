package io.rtml.monitor.value;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The uplift intervals against oracles that share no code with them: the score test each Wilson end must sit on,
 * Commons Math's Welch t-test at each end of the Welch interval, a percentile bootstrap, and coverage by simulation.
 */
class UpliftIntervalTest {

    private static final NormalDistribution NORMAL = new NormalDistribution();

    /** Two-sided p-value of the score test of H0: p = p0 for x of n (Commons Math normal). */
    private static double scoreTestP(long x, long n, double p0) {
        double z = ((double) x / n - p0) / Math.sqrt(p0 * (1 - p0) / n);
        return 2 * (1 - NORMAL.cumulativeProbability(Math.abs(z)));
    }

    @Test
    void shouldPutEachWilsonEndWhereTheScoreTestRejectsAtFivePercent() {
        long[][] cases = {{240, 400}, {3, 50}, {47, 50}, {1, 10}, {500, 1000}};
        for (long[] c : cases) {
            UpliftInterval.Interval w = UpliftInterval.wilson(c[0], c[1]);
            assertThat(scoreTestP(c[0], c[1], w.low())).as("low end of %d/%d", c[0], c[1]).isCloseTo(0.05, within(1e-9));
            assertThat(scoreTestP(c[0], c[1], w.high())).as("high end of %d/%d", c[0], c[1]).isCloseTo(0.05, within(1e-9));
        }
    }

    @Test
    void shouldAgreeWithAPercentileBootstrapForTheDifferenceOfTwoRates() {
        UpliftInterval.Interval ci = UpliftInterval.rateDifference(240, 400, 120, 400);
        Random random = new Random(7);
        double[] diffs = new double[20_000];
        for (int b = 0; b < diffs.length; b++) {
            diffs[b] = resampledRate(random, 240, 400) - resampledRate(random, 120, 400);
        }
        Arrays.sort(diffs);
        assertThat(ci.low()).isCloseTo(diffs[(int) (0.025 * diffs.length)], within(0.01));
        assertThat(ci.high()).isCloseTo(diffs[(int) (0.975 * diffs.length)], within(0.01));
    }

    private static double resampledRate(Random random, int yes, int n) {
        int hits = 0;
        for (int i = 0; i < n; i++) {
            hits += random.nextInt(n) < yes ? 1 : 0;
        }
        return (double) hits / n;
    }

    @Test
    void shouldCoverTheTrueRateDifferenceNinetyFivePercentOfTheTimeForSmallSamples() {
        Random random = new Random(11);
        int covered = 0;
        int runs = 4_000;
        for (int r = 0; r < runs; r++) {
            long x1 = binomial(random, 60, 0.25);
            long x0 = binomial(random, 40, 0.10);
            UpliftInterval.Interval ci = UpliftInterval.rateDifference(x1, 60, x0, 40);
            covered += ci.low() <= 0.15 && 0.15 <= ci.high() ? 1 : 0;
        }
        assertThat((double) covered / runs).isBetween(0.93, 0.975);
    }

    private static long binomial(Random random, int n, double p) {
        long x = 0;
        for (int i = 0; i < n; i++) {
            x += random.nextDouble() < p ? 1 : 0;
        }
        return x;
    }

    @Test
    void shouldPutEachWelchEndWhereCommonsMathsWelchTestRejectsAtFivePercent() {
        MersenneTwister random = new MersenneTwister(3);
        double[] model = new double[80];
        double[] holdout = new double[30];
        for (int i = 0; i < model.length; i++) {
            model[i] = 12 + 6 * random.nextGaussian();
        }
        for (int i = 0; i < holdout.length; i++) {
            holdout[i] = 9 + 2 * random.nextGaussian();
        }
        SideSummary m = summary(model);
        SideSummary h = summary(holdout);
        UpliftInterval.Interval ci = UpliftInterval.meanDifference(m.n(), m.value(), m.variance(), h.n(), h.value(), h.variance());
        TTest welch = new TTest();
        assertThat(welch.tTest(shift(model, ci.low()), holdout)).isCloseTo(0.05, within(1e-6));
        assertThat(welch.tTest(shift(model, ci.high()), holdout)).isCloseTo(0.05, within(1e-6));
        assertThat(ci.low()).isLessThan(m.value() - h.value()).isGreaterThan(0);
    }

    @Test
    void shouldHaveNoIntervalWithoutObservationsOnBothSides() {
        assertThat(UpliftInterval.rateDifference(3, 10, 0, 0).defined()).isFalse();
        assertThat(UpliftInterval.meanDifference(5, 1, 1, 1, 1, Double.NaN).defined()).isFalse();
    }

    private static SideSummary summary(double[] values) {
        SideSummary s = SideSummary.EMPTY;
        for (double v : values) {
            s = s.plus(new SideSummary(1, v, v * v));
        }
        return s;
    }

    private static double[] shift(double[] values, double by) {
        return Arrays.stream(values).map(v -> v - by).toArray();
    }
}
