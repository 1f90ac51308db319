package io.rtml.contracts.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Map;

/**
 * A reliability table of a classifier's held-out (validation) predictions: for equal-width bins of
 * the confidence (the score of the predicted class, {@link #confidenceOf}), how many predictions fell
 * in the bin, the sum of their confidences and how many were right. It is all a monitor needs to
 * check that the scores are calibrated and to calibrate them if not (isotonic regression over the
 * bins), so the baseline profile carries it instead of the validation rows. Mergeable; not
 * thread-safe.
 */
public final class ReliabilityTable {

    /** Twenty bins of width 0.05: fine enough for isotonic calibration, small enough to store with every version. */
    public static final int DEFAULT_BINS = 20;

    private final long[] counts;
    private final double[] confidenceSums;
    private final long[] correct;

    @JsonCreator
    public ReliabilityTable(@JsonProperty("counts") long[] counts,
                            @JsonProperty("confidenceSums") double[] confidenceSums,
                            @JsonProperty("correct") long[] correct) {
        if (counts == null || confidenceSums == null || correct == null || counts.length == 0
                || counts.length != confidenceSums.length || counts.length != correct.length) {
            throw new IllegalArgumentException("a reliability table needs 'counts', 'confidenceSums' and 'correct' "
                    + "of one length of at least 1");
        }
        for (int i = 0; i < counts.length; i++) {
            double lo = (double) i / counts.length;
            double hi = (double) (i + 1) / counts.length;
            if (counts[i] < 0 || correct[i] < 0 || correct[i] > counts[i]
                    || !(confidenceSums[i] >= counts[i] * lo - 1e-9 * (1 + counts[i]))
                    || !(confidenceSums[i] <= counts[i] * hi + 1e-9 * (1 + counts[i]))) {
                throw new IllegalArgumentException("reliability bin " + i + " is inconsistent: count " + counts[i]
                        + ", correct " + correct[i] + ", confidence sum " + confidenceSums[i]
                        + " (each confidence must lie in [" + lo + ", " + hi + "])");
            }
        }
        this.counts = counts.clone();
        this.confidenceSums = confidenceSums.clone();
        this.correct = correct.clone();
    }

    /** An empty table of {@code bins} equal-width confidence bins over [0, 1]. */
    public static ReliabilityTable withBins(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1");
        }
        return new ReliabilityTable(new long[bins], new double[bins], new long[bins]);
    }

    /**
     * The one rule for a prediction's confidence, shared by training code and the monitor: the score of
     * the predicted class, when it is a probability in [0, 1]; NaN otherwise (no score for it, no scores).
     */
    public static double confidenceOf(Map<String, Double> scores, String predicted) {
        if (scores == null || predicted == null) {
            return Double.NaN;
        }
        Double score = scores.get(predicted);
        return score == null || !(score >= 0 && score <= 1) ? Double.NaN : score;
    }

    /** The bin of a confidence in [0, 1] among {@code bins} equal-width bins (1 falls in the last). */
    public static int binOf(double confidence, int bins) {
        return Math.min(bins - 1, (int) Math.floor(confidence * bins));
    }

    /** Folds one validation prediction; a NaN confidence (not a probability) is ignored. */
    public void add(double confidence, boolean wasCorrect) {
        if (!(confidence >= 0 && confidence <= 1)) {
            return;
        }
        int b = binOf(confidence, counts.length);
        counts[b]++;
        confidenceSums[b] += confidence;
        if (wasCorrect) {
            correct[b]++;
        }
    }

    public void merge(ReliabilityTable other) {
        if (other.counts.length != counts.length) {
            throw new IllegalArgumentException("cannot merge a reliability table of " + other.counts.length
                    + " bins into one of " + counts.length);
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
            confidenceSums[i] += other.confidenceSums[i];
            correct[i] += other.correct[i];
        }
    }

    public ReliabilityTable copy() {
        return new ReliabilityTable(counts, confidenceSums, correct);
    }

    @JsonProperty("counts")
    public long[] counts() {
        return counts.clone();
    }

    @JsonProperty("confidenceSums")
    public double[] confidenceSums() {
        return confidenceSums.clone();
    }

    @JsonProperty("correct")
    public long[] correct() {
        return correct.clone();
    }

    @JsonIgnore
    public int bins() {
        return counts.length;
    }

    @JsonIgnore
    public long rows() {
        return Arrays.stream(counts).sum();
    }
}
