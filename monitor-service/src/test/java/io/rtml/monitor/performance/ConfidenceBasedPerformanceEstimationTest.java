package io.rtml.monitor.performance;

import io.rtml.contracts.profile.ReliabilityTable;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * CBPE against simulated classifiers whose chance of being right given the score is known: confidences
 * drawn from Beta distributions (Commons Math), each prediction right with probability {@code truth(c)};
 * the oracle is the realised accuracy counted label by label.
 */
class ConfidenceBasedPerformanceEstimationTest {

    /** Two-sided 99.9 % normal quantile: each window's realised accuracy lies within this many SDs of its mean. */
    static final double Z = new NormalDistribution().inverseCumulativeProbability(0.9995);

    record Window(ConfidenceHistogram histogram, long right, int n, double expectedRight, double variance) {
        double realised() {
            return (double) right / n;
        }

        double sd() {
            return Math.sqrt(variance) / n;
        }
    }

    static ReliabilityTable validation(RandomGenerator rng, int n, double alpha, double beta, DoubleUnaryOperator truth) {
        BetaDistribution scores = new BetaDistribution(rng, alpha, beta);
        ReliabilityTable table = ReliabilityTable.withBins(ReliabilityTable.DEFAULT_BINS);
        for (int i = 0; i < n; i++) {
            double c = scores.sample();
            table.add(c, rng.nextDouble() < truth.applyAsDouble(c));
        }
        return table;
    }

    static Window window(RandomGenerator rng, int n, double alpha, double beta, DoubleUnaryOperator truth) {
        BetaDistribution scores = new BetaDistribution(rng, alpha, beta);
        ConfidenceHistogram h = ConfidenceHistogram.empty();
        long right = 0;
        double expected = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            double c = scores.sample();
            double p = truth.applyAsDouble(c);
            h.add(c);
            right += rng.nextDouble() < p ? 1 : 0;
            expected += p;
            variance += p * (1 - p);
        }
        return new Window(h, right, n, expected, variance);
    }

    @Test
    void shouldTrackRealisedAccuracyOfACalibratedModelAsTheScoreDistributionMoves() {
        RandomGenerator rng = new MersenneTwister(11);
        DoubleUnaryOperator calibrated = c -> c;
        Calibration calibration = Calibration.fit(validation(rng, 20_000, 5, 2, calibrated));
        assertThat(calibration.status()).isEqualTo(Calibration.Status.CALIBRATED);
        assertThat(calibration.method()).isEqualTo("none");

        int within2Sd = 0;
        int windows = 0;
        // Windows whose confidences move from mostly sure (Beta(8,1)) to mostly unsure (Beta(2,2)): accuracy moves with them.
        for (double[] shape : new double[][] {{8, 1}, {5, 2}, {3, 2}, {2, 2}, {2, 3}, {6, 1.5}}) {
            for (int k = 0; k < 5; k++) {
                Window w = window(rng, 1_000, shape[0], shape[1], calibrated);
                PerformanceEstimate e = PerformanceEstimate.of(w.histogram(), calibration);
                assertThat(e.scored()).isEqualTo(1_000);
                // Calibrated scores used as they are: the estimate is the mean confidence, which is the expected accuracy.
                assertThat(e.expectedAccuracy()).isCloseTo(w.expectedRight() / w.n(), within(1e-9));
                assertThat(e.expectedAccuracy()).as("realised %s", w.realised())
                        .isCloseTo(w.realised(), within(Z * w.sd()));
                assertThat(e.standardError()).isCloseTo(w.sd(), within(0.1 * w.sd()));
                within2Sd += Math.abs(e.expectedAccuracy() - w.realised()) <= 2 * w.sd() ? 1 : 0;
                windows++;
            }
        }
        // About 95 % of windows fall within 2 SD; fewer than the binomial 0.1 % quantile would mean a biased estimate.
        int fewest = new BinomialDistribution(windows, 0.9545).inverseCumulativeProbability(0.001);
        assertThat(within2Sd).isGreaterThanOrEqualTo(fewest);
    }

    @Test
    void shouldRecalibrateOverconfidentScoresOnTheReferenceAndThenTrackRealisedAccuracy() {
        RandomGenerator rng = new MersenneTwister(12);
        DoubleUnaryOperator overconfident = c -> c * c;
        Calibration calibration = Calibration.fit(validation(rng, 20_000, 5, 2, overconfident));
        assertThat(calibration.status()).isEqualTo(Calibration.Status.RECALIBRATED);
        assertThat(calibration.method()).isEqualTo("isotonic");
        assertThat(calibration.pValue()).isLessThan(Calibration.CALIBRATION_ALPHA);
        assertThat(calibration.note()).contains("not calibrated", "isotonic");
        // Inside the knots (beyond the last bin's mean confidence the map is held flat).
        for (double c = 0.3; c <= 0.95; c += 0.05) {
            assertThat(calibration.apply(c)).as("calibrated %s", c).isCloseTo(c * c, within(0.05));
        }

        for (double[] shape : new double[][] {{8, 1}, {5, 2}, {3, 2}, {6, 1.5}}) {
            Window w = window(rng, 2_000, shape[0], shape[1], overconfident);
            PerformanceEstimate e = PerformanceEstimate.of(w.histogram(), calibration);
            double rawMeanConfidence = java.util.Arrays.stream(w.histogram().sums()).sum() / w.n();
            // The isotonic fit is itself estimated on 20,000 rows: allow 0.015 for it besides the window's noise.
            assertThat(e.expectedAccuracy()).as("realised %s", w.realised())
                    .isCloseTo(w.realised(), within(Z * w.sd() + 0.015));
            assertThat(rawMeanConfidence - w.realised()).as("the raw scores would overstate accuracy")
                    .isGreaterThan(0.05);
        }
    }

    @Test
    void shouldRarelyCallCalibratedScoresMiscalibrated() {
        RandomGenerator rng = new MersenneTwister(13);
        int tables = 200;
        int flagged = 0;
        for (int i = 0; i < tables; i++) {
            if (Calibration.fit(validation(rng, 2_000, 4, 2, c -> c)).status() != Calibration.Status.CALIBRATED) {
                flagged++;
            }
        }
        int most = new BinomialDistribution(tables, Calibration.CALIBRATION_ALPHA).inverseCumulativeProbability(0.999);
        assertThat(flagged).as("calibrated tables flagged at level %s", Calibration.CALIBRATION_ALPHA)
                .isLessThanOrEqualTo(most);
    }

    @Test
    void shouldSayInWordsWhyThereIsNoEstimateWithoutEnoughCalibrationData() {
        ConfidenceHistogram h = ConfidenceHistogram.empty();
        h.add(0.9);
        PerformanceEstimate none = PerformanceEstimate.of(h, Calibration.fit(null));
        assertThat(none.expectedAccuracy()).isNull();
        assertThat(none.calibration().status()).isEqualTo(Calibration.Status.UNAVAILABLE);
        assertThat(none.calibration().note()).contains("no reliability table");

        ReliabilityTable small = ReliabilityTable.withBins(20);
        for (int i = 0; i < 50; i++) {
            small.add(0.8, i % 5 != 0);
        }
        PerformanceEstimate few = PerformanceEstimate.of(h, Calibration.fit(small));
        assertThat(few.expectedAccuracy()).isNull();
        assertThat(few.calibration().note()).contains("50 validation predictions");
    }
}
