package io.rtml.monitor.quality;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Count, total, shortest and longest length of an input's text values; mergeable. */
public final class TextLength {

    private long count;
    private long total;
    private long min;
    private long max;

    @JsonCreator
    public TextLength(@JsonProperty("count") long count, @JsonProperty("total") long total,
                      @JsonProperty("min") long min, @JsonProperty("max") long max) {
        this.count = count;
        this.total = total;
        this.min = min;
        this.max = max;
    }

    public static TextLength empty() {
        return new TextLength(0, 0, 0, 0);
    }

    void add(long length) {
        min = count == 0 ? length : Math.min(min, length);
        max = count == 0 ? length : Math.max(max, length);
        count++;
        total += length;
    }

    void merge(TextLength other) {
        if (other.count == 0) {
            return;
        }
        min = count == 0 ? other.min : Math.min(min, other.min);
        max = count == 0 ? other.max : Math.max(max, other.max);
        count += other.count;
        total += other.total;
    }

    TextLength copy() {
        return new TextLength(count, total, min, max);
    }

    @JsonProperty("count")
    public long count() {
        return count;
    }

    @JsonProperty("total")
    public long total() {
        return total;
    }

    @JsonProperty("min")
    public long min() {
        return min;
    }

    @JsonProperty("max")
    public long max() {
        return max;
    }
}
