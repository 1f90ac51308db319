package io.rtml.monitor.service;

import io.rtml.contracts.profile.DatasetProfile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mergeable statistics of live traffic over one bucket or a range of buckets: the profile (an
 * {@code emptyCopy()} of the baseline with predictions folded in), values outside the baseline's
 * [min, max] per numeric feature, predicted-class counts and label join counts. Not thread-safe.
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

    public WindowStats(DatasetProfile profile, Map<String, Long> outOfRange, Map<String, Long> classCounts,
                       long predictions, long labelled, long correct) {
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
                labelled, correct);
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
}
