package io.rtml.contracts.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Histogram over fixed bin edges plus count, missing, min, max, mean and variance (merged with
 * Chan et al.'s pairwise update, so partial profiles combine exactly). Bin {@code i} holds values in
 * {@code [edges[i-1], edges[i])}; bin 0 everything below {@code edges[0]}, the last bin everything at
 * or above the last edge.
 */
@JsonIgnoreProperties(value = {"quantiles", "variance", "type"}, allowGetters = true)
public final class NumericProfile implements FeatureProfile {

    /** Quantiles reported in JSON, estimated from the histogram. */
    static final double[] REPORTED_QUANTILES = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

    private final double[] edges;
    private final long[] counts;
    private long count;
    private long missing;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private double mean;
    private double m2;

    @JsonCreator
    public NumericProfile(@JsonProperty("edges") double[] edges,
                          @JsonProperty("counts") long[] counts,
                          @JsonProperty("count") long count,
                          @JsonProperty("missing") long missing,
                          @JsonProperty("min") Double min,
                          @JsonProperty("max") Double max,
                          @JsonProperty("mean") double mean,
                          @JsonProperty("m2") double m2) {
        if (edges == null) {
            throw new IllegalArgumentException("numeric profile needs bin edges");
        }
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("bin edges must be strictly increasing: " + Arrays.toString(edges));
            }
        }
        this.edges = edges.clone();
        this.counts = counts == null ? new long[edges.length + 1] : counts.clone();
        if (this.counts.length != edges.length + 1) {
            throw new IllegalArgumentException("a profile with " + edges.length + " edges needs "
                    + (edges.length + 1) + " bin counts, got " + this.counts.length);
        }
        this.count = count;
        this.missing = missing;
        this.min = min == null ? Double.NaN : min;
        this.max = max == null ? Double.NaN : max;
        this.mean = mean;
        this.m2 = m2;
    }

    /** An empty profile over the given edges. */
    public static NumericProfile withEdges(double... edges) {
        return new NumericProfile(edges, null, 0, 0, null, null, 0, 0);
    }

    /**
     * Equal-frequency edges from training values: the distinct {@code k/bins} quantiles, so a
     * discrete feature gets one bin per value it takes (up to {@code bins}).
     */
    public static NumericProfile withEdgesFrom(double[] values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1");
        }
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return withEdges();
        }
        double[] cuts = new double[bins - 1];
        int n = 0;
        for (int k = 1; k < bins; k++) {
            double cut = sorted[(int) Math.min(sorted.length - 1, (long) k * sorted.length / bins)];
            if (cut > sorted[0] && (n == 0 || cut > cuts[n - 1])) {
                cuts[n++] = cut;
            }
        }
        return withEdges(Arrays.copyOf(cuts, n));
    }

    @Override
    public void add(Object value) {
        add(NumericValue.of(value));
    }

    /** Folds one number; NaN counts as missing. */
    public void add(double v) {
        if (Double.isNaN(v)) {
            missing++;
            return;
        }
        counts[binOf(v)]++;
        count++;
        double delta = v - mean;
        mean += delta / count;
        m2 += delta * (v - mean);
        min = Double.isNaN(min) ? v : Math.min(min, v);
        max = Double.isNaN(max) ? v : Math.max(max, v);
    }

    /** Index of the bin that holds {@code v}: the number of edges at or below it. */
    public int binOf(double v) {
        int i = Arrays.binarySearch(edges, v);
        return i >= 0 ? i + 1 : -(i + 1);
    }

    @Override
    public void merge(FeatureProfile other) {
        if (!(other instanceof NumericProfile that) || !Arrays.equals(edges, that.edges)) {
            throw new IllegalArgumentException("can only merge numeric profiles with the same bin edges");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += that.counts[i];
        }
        missing += that.missing;
        if (that.count == 0) {
            return;
        }
        if (count == 0) {
            count = that.count;
            mean = that.mean;
            m2 = that.m2;
            min = that.min;
            max = that.max;
            return;
        }
        long total = count + that.count;
        double delta = that.mean - mean;
        m2 = m2 + that.m2 + delta * delta * ((double) count * that.count / total);
        mean = mean + delta * that.count / total;
        count = total;
        min = Math.min(min, that.min);
        max = Math.max(max, that.max);
    }

    @Override
    public NumericProfile emptyCopy() {
        return withEdges(edges);
    }

    /**
     * Quantile estimated from the histogram by linear interpolation inside the bin that holds it;
     * the open outer bins are closed by the observed min and max.
     */
    public double quantile(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        double target = q * count;
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (cumulative + counts[i] >= target) {
                double lo = Math.max(min, i == 0 ? min : edges[i - 1]);
                double hi = Math.min(max, i == edges.length ? max : edges[i]);
                double within = (target - cumulative) / counts[i];
                return lo + within * (hi - lo);
            }
            cumulative += counts[i];
        }
        return max;
    }

    @JsonProperty("type")
    public String type() {
        return "numeric";
    }

    @JsonProperty("quantiles")
    public Map<String, Double> quantiles() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (count > 0) {
            for (double q : REPORTED_QUANTILES) {
                out.put("p" + Math.round(q * 100), quantile(q));
            }
        }
        return out;
    }

    @JsonProperty("variance")
    public double variance() {
        return count < 2 ? 0 : m2 / (count - 1);
    }

    @JsonProperty("edges")
    public double[] edges() {
        return edges.clone();
    }

    @JsonProperty("counts")
    public long[] counts() {
        return counts.clone();
    }

    @Override
    @JsonProperty("count")
    public long count() {
        return count;
    }

    @Override
    @JsonProperty("missing")
    public long missing() {
        return missing;
    }

    @JsonProperty("min")
    public Double min() {
        return Double.isNaN(min) ? null : min;
    }

    @JsonProperty("max")
    public Double max() {
        return Double.isNaN(max) ? null : max;
    }

    @JsonProperty("mean")
    public double mean() {
        return mean;
    }

    @JsonProperty("m2")
    public double m2() {
        return m2;
    }
}
