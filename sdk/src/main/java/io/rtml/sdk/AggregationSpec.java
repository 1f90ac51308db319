package io.rtml.sdk;

/**
 * A window aggregation of a feature view, kept by the feature store from the values written for
 * {@code source} (a stored feature of the same view): {@code function} is {@code count}, {@code sum},
 * {@code mean}, {@code min}, {@code max}, {@code last} or {@code distinct_count}; {@code window} e.g.
 * {@code 1h}, {@code 24h}, {@code 7d}, {@code 30d}. Read like a feature, as {@code view:name}.
 */
public record AggregationSpec(String name, String function, String source, String window) {

    /** {@code count} of the source's values in the window, e.g. opens in the last 30 days. */
    public static AggregationSpec count(String name, String source, String window) {
        return new AggregationSpec(name, "count", source, window);
    }
}
