package io.rtml.monitor.performance;

/**
 * The expected accuracy of a window's scored predictions under a calibration, and the standard
 * deviation of the realised accuracy around it if every prediction were labelled (predictions
 * independent, each right with its calibrated probability). Null numbers when the calibration is
 * unavailable or nothing was scored.
 */
public record PerformanceEstimate(long scored, Double expectedAccuracy, Double standardError, Calibration calibration) {

    /** CBPE: the mean calibrated confidence, each bin's calibration evaluated at the bin's mean confidence. */
    public static PerformanceEstimate of(ConfidenceHistogram window, Calibration calibration) {
        long scored = window.scored();
        if (calibration.status() == Calibration.Status.UNAVAILABLE || scored == 0) {
            return new PerformanceEstimate(scored, null, null, calibration);
        }
        long[] counts = window.counts();
        double[] sums = window.sums();
        double expected = 0;
        double variance = 0;
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] == 0) {
                continue;
            }
            double p = calibration.apply(sums[b] / counts[b]);
            expected += counts[b] * p;
            variance += counts[b] * p * (1 - p);
        }
        return new PerformanceEstimate(scored, expected / scored, Math.sqrt(variance) / scored, calibration);
    }
}
