package io.rtml.monitor.service;

import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.monitor.performance.ConfidenceHistogram;
import io.rtml.monitor.quality.InputQuality;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mergeable statistics of live traffic over one bucket or a range of buckets: the profile (an
 * {@code emptyCopy()} of the baseline with predictions folded in), values outside the baseline's
 * [min, max] per numeric feature, predicted-class counts, label join counts, the predictions'
 * confidences (for the estimate before labels) and the input quality counters. Not thread-safe.
 */
public final class WindowStats {

    /** Class counted for predicted classes beyond the per-bucket limit. */
    public static final String OTHER_CLASS = "__other__";

    /** Null while the version's baseline is unknown (or when it has none). */
    DatasetProfile profile;
    final Map<String, Long> outOfRange;
    final Map<String, Long> classCounts;
    long predictions;
    long labelled;
    long correct;
    final ConfidenceHistogram confidence;
    final InputQuality quality;

    public WindowStats(DatasetProfile profile, Map<String, Long> outOfRange, Map<String, Long> classCounts,
                       long predictions, long labelled, long correct) {
        this(profile, outOfRange, classCounts, predictions, labelled, correct, null, null);
    }

    /** {@code confidence} and {@code quality} are null in buckets stored before they were kept: empty then. */
    public WindowStats(DatasetProfile profile, Map<String, Long> outOfRange, Map<String, Long> classCounts,
                       long predictions, long labelled, long correct, ConfidenceHistogram confidence,
                       InputQuality quality) {
        this.confidence = confidence == null ? ConfidenceHistogram.empty() : confidence.copy();
        this.quality = quality == null ? InputQuality.empty() : quality.copy();
        this.profile = profile;
        this.outOfRange = new LinkedHashMap<>(outOfRange == null ? Map.of() : outOfRange);
        this.classCounts = new LinkedHashMap<>(classCounts == null ? Map.of() : classCounts);
        this.predictions = predictions;
        this.labelled = labelled;
        this.correct = correct;
    }

    public static WindowStats empty() {
        return new WindowStats(null, null, null, 0, 0, 0);
    }

    /** Adds another window's statistics; profiles must share the baseline's shape. */
    public void merge(WindowStats other, int maxClasses) {
        if (other.profile != null) {
            if (profile == null) {
                profile = copy(other.profile);
            } else {
                profile.merge(other.profile);
            }
        }
        other.outOfRange.forEach((k, v) -> outOfRange.merge(k, v, Long::sum));
        other.classCounts.forEach((k, v) -> countClass(k, v, maxClasses));
        predictions += other.predictions;
        labelled += other.labelled;
        correct += other.correct;
        confidence.merge(other.confidence);
        quality.merge(other.quality);
    }

    void countClass(String label, long n, int maxClasses) {
        String key = label == null ? OTHER_CLASS : label;
        if (!classCounts.containsKey(key) && classCounts.size() >= maxClasses) {
            key = OTHER_CLASS;
        }
        classCounts.merge(key, n, Long::sum);
    }

    public WindowStats copy() {
        return new WindowStats(profile == null ? null : copy(profile), outOfRange, classCounts, predictions,
                labelled, correct, confidence, quality);
    }

    static DatasetProfile copy(DatasetProfile profile) {
        return profile.select(List.copyOf(profile.features().keySet()));
    }

    public DatasetProfile profile() {
        return profile;
    }

    public Map<String, Long> outOfRange() {
        return outOfRange;
    }

    public Map<String, Long> classCounts() {
        return classCounts;
    }

    public long predictions() {
        return predictions;
    }

    public long labelled() {
        return labelled;
    }

    public long correct() {
        return correct;
    }

    public ConfidenceHistogram confidence() {
        return confidence;
    }

    public InputQuality quality() {
        return quality;
    }
}
