package io.rtml.monitor.performance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rtml.contracts.profile.ReliabilityTable;

import java.util.Arrays;

/**
 * The confidences of one window's predictions (the score of the predicted class,
 * {@link ReliabilityTable#confidenceOf}): count and sum per equal-width bin over [0, 1]. Kept raw, so
 * a window stored before a calibration changed is estimated with the new one. Mergeable; not
 * thread-safe (folded under the window store's lock).
 */
public final class ConfidenceHistogram {

    /** Fifty bins of width 0.02: the estimate evaluates the calibration map at each bin's mean confidence. */
    public static final int BINS = 50;

    private final long[] counts;
    private final double[] sums;

    @JsonCreator
    public ConfidenceHistogram(@JsonProperty("counts") long[] counts, @JsonProperty("sums") double[] sums) {
        this.counts = counts == null || counts.length != BINS ? new long[BINS] : counts.clone();
        this.sums = sums == null || sums.length != BINS ? new double[BINS] : sums.clone();
    }

    public static ConfidenceHistogram empty() {
        return new ConfidenceHistogram(null, null);
    }

    /** Folds one confidence; NaN (no probability for the predicted class) is not counted. */
    public void add(double confidence) {
        if (!(confidence >= 0 && confidence <= 1)) {
            return;
        }
        int b = ReliabilityTable.binOf(confidence, BINS);
        counts[b]++;
        sums[b] += confidence;
    }

    public void merge(ConfidenceHistogram other) {
        for (int i = 0; i < BINS; i++) {
            counts[i] += other.counts[i];
            sums[i] += other.sums[i];
        }
    }

    public ConfidenceHistogram copy() {
        return new ConfidenceHistogram(counts, sums);
    }

    @JsonProperty("counts")
    public long[] counts() {
        return counts.clone();
    }

    @JsonProperty("sums")
    public double[] sums() {
        return sums.clone();
    }

    /** Predictions with a confidence. */
    @JsonIgnore
    public long scored() {
        return Arrays.stream(counts).sum();
    }
}
