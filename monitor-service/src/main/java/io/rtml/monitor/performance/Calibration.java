package io.rtml.monitor.performance;

import io.rtml.contracts.profile.ReliabilityTable;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

import java.util.ArrayList;
import java.util.List;

/**
 * How a version's confidences map to the probability of being right, fitted on its validation
 * reliability table. First the table is tested for calibration (Hosmer–Lemeshow on held-out data: the
 * sum over non-empty bins of (right − Σ confidence)² / Σ c(1 − c), approximated per bin by
 * E(1 − E/n), χ² with as many degrees of freedom as bins, since nothing was fitted on these rows). If the
 * test does not reject at {@link #CALIBRATION_ALPHA} the confidences are used as they are; otherwise
 * they are recalibrated by isotonic regression (pool-adjacent-violators over the bins, weighted by
 * count), interpolated linearly between the pooled blocks' mean confidences and held flat beyond them.
 */
public final class Calibration {

    /** Fewer validation predictions than this cannot tell calibrated from not. */
    public static final long MIN_REFERENCE_ROWS = 100;
    /** The calibration check's level: only clear miscalibration is corrected, so a calibrated model keeps its scores. */
    public static final double CALIBRATION_ALPHA = 0.01;

    public enum Status { CALIBRATED, RECALIBRATED, UNAVAILABLE }

    private final Status status;
    private final long referenceRows;
    private final Double pValue;
    private final Double expectedCalibrationError;
    private final String note;
    /** Isotonic knots (mean confidence, share right) when recalibrated. */
    private final double[] xs;
    private final double[] ys;

    private Calibration(Status status, long referenceRows, Double pValue, Double ece, String note, double[] xs,
                        double[] ys) {
        this.status = status;
        this.referenceRows = referenceRows;
        this.pValue = pValue;
        this.expectedCalibrationError = ece;
        this.note = note;
        this.xs = xs;
        this.ys = ys;
    }

    /** No estimate is possible; {@code why} says so in words for the report. */
    public static Calibration unavailable(long referenceRows, String why) {
        return new Calibration(Status.UNAVAILABLE, referenceRows, null, null, why, null, null);
    }

    /** Checks the table and fits the map; unavailable when there is no table or too little in it. */
    public static Calibration fit(ReliabilityTable table) {
        if (table == null) {
            return unavailable(0, "The version's baseline profile has no reliability table of validation "
                    + "predictions, so the scores cannot be checked for calibration and accuracy is not estimated "
                    + "before labels; register the version with one (DatasetProfile.withReliability)");
        }
        long n = table.rows();
        if (n < MIN_REFERENCE_ROWS) {
            return unavailable(n, "The baseline's reliability table holds " + n + " validation predictions, fewer "
                    + "than the " + MIN_REFERENCE_ROWS + " needed to check calibration; accuracy is not estimated");
        }
        long[] counts = table.counts();
        long[] correct = table.correct();
        double[] sums = table.confidenceSums();
        double statistic = 0;
        double absoluteGap = 0;
        int df = 0;
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] == 0) {
                continue;
            }
            double expected = sums[b];
            double variance = expected * (1 - expected / counts[b]);
            absoluteGap += Math.abs(correct[b] - expected);
            if (variance > 1e-9) {
                statistic += (correct[b] - expected) * (correct[b] - expected) / variance;
                df++;
            }
        }
        double ece = absoluteGap / n;
        double p = df == 0 ? 1.0 : 1 - new ChiSquaredDistribution(null, df).cumulativeProbability(statistic);
        if (p >= CALIBRATION_ALPHA) {
            return new Calibration(Status.CALIBRATED, n, p, ece, null, null, null);
        }
        double[][] knots = isotonic(counts, sums, correct);
        return new Calibration(Status.RECALIBRATED, n, p, ece, "The validation scores are not calibrated "
                + "(Hosmer-Lemeshow p = " + String.format(java.util.Locale.ROOT, "%.3g", p)
                + "); estimates use an isotonic calibration fitted on the reliability table", knots[0], knots[1]);
    }

    /** Pool-adjacent-violators over the non-empty bins: (mean confidence, share right) of each pooled block. */
    static double[][] isotonic(long[] counts, double[] sums, long[] correct) {
        List<double[]> blocks = new ArrayList<>(); // {weight, confidence sum, right}
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] == 0) {
                continue;
            }
            blocks.add(new double[] {counts[b], sums[b], correct[b]});
            while (blocks.size() > 1) {
                double[] last = blocks.get(blocks.size() - 1);
                double[] before = blocks.get(blocks.size() - 2);
                if (before[2] / before[0] <= last[2] / last[0]) {
                    break;
                }
                before[0] += last[0];
                before[1] += last[1];
                before[2] += last[2];
                blocks.remove(blocks.size() - 1);
            }
        }
        double[] xs = new double[blocks.size()];
        double[] ys = new double[blocks.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = blocks.get(i)[1] / blocks.get(i)[0];
            ys[i] = blocks.get(i)[2] / blocks.get(i)[0];
        }
        return new double[][] {xs, ys};
    }

    /** The probability that a prediction of this confidence is right. */
    public double apply(double confidence) {
        if (status == Status.CALIBRATED || xs == null) {
            return confidence;
        }
        if (confidence <= xs[0]) {
            return ys[0];
        }
        for (int i = 1; i < xs.length; i++) {
            if (confidence <= xs[i]) {
                double t = (confidence - xs[i - 1]) / (xs[i] - xs[i - 1]);
                return ys[i - 1] + t * (ys[i] - ys[i - 1]);
            }
        }
        return ys[ys.length - 1];
    }

    public Status status() {
        return status;
    }

    public long referenceRows() {
        return referenceRows;
    }

    public Double pValue() {
        return pValue;
    }

    public Double expectedCalibrationError() {
        return expectedCalibrationError;
    }

    public String note() {
        return note;
    }

    /** "none" or "isotonic": what the estimate does to the scores. */
    public String method() {
        return status == Status.RECALIBRATED ? "isotonic" : "none";
    }
}
