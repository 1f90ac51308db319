package io.rtml.sdk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How strongly each feature relates to the target at training time, measured on the training rows and
 * registered with the version ({@link VersionMetadata.Builder#featureRelevance}): the registry folds it
 * into the version's data resiliency score. The measure is the uncertainty coefficient (Theil's U)
 * {@code U(Y|X) = I(X;Y) / H(Y)}: the share of the label's entropy that knowing the feature removes, 0 for a
 * feature that says nothing about the label, 1 for one that decides it. It needs no assumption about the
 * shape of the relation (unlike a correlation) and is comparable across features and models.
 * Numeric features are cut into {@value #BINS} equal-frequency bins first; text and booleans are taken
 * value by value; a missing value is a value of its own ("missing" can be informative).
 */
public final class FeatureRelevance {

    /** Bins a numeric feature is cut into (by its quantiles) before the mutual information is counted. */
    public static final int BINS = 10;

    private static final String MISSING = "\u0000missing";

    private FeatureRelevance() {
    }

    /**
     * @param rows   training rows, feature name to value
     * @param schema the features to measure and their types
     * @param labels the target of each row, in row order
     * @return feature name to U(Y|X) in [0, 1], in schema order; every feature 0 when the label is constant
     */
    public static Map<String, Double> measure(List<? extends Map<String, ?>> rows, Map<String, ValueType> schema,
                                              List<String> labels) {
        if (rows.size() != labels.size()) {
            throw new IllegalArgumentException(rows.size() + " rows but " + labels.size() + " labels");
        }
        double labelEntropy = entropy(counts(labels));
        Map<String, Double> out = new LinkedHashMap<>();
        for (var feature : schema.entrySet()) {
            List<String> cells = cells(rows, feature.getKey(), feature.getValue());
            out.put(feature.getKey(), labelEntropy == 0 ? 0.0
                    : Math.max(0.0, Math.min(1.0, mutualInformation(cells, labels) / labelEntropy)));
        }
        return out;
    }

    /** As {@link #measure(List, Map, List)} with the schema given as feature-view specs. */
    public static Map<String, Double> measure(List<? extends Map<String, ?>> rows, List<FeatureSpec> schema,
                                              List<String> labels) {
        Map<String, ValueType> types = new LinkedHashMap<>();
        schema.forEach(f -> types.put(f.name(), f.type()));
        return measure(rows, types, labels);
    }

    /** I(X;Y) in nats from the joint counts: H(Y) - H(Y|X). */
    static double mutualInformation(List<String> x, List<String> y) {
        Map<String, List<String>> byX = new HashMap<>();
        for (int i = 0; i < x.size(); i++) {
            byX.computeIfAbsent(x.get(i), k -> new ArrayList<>()).add(y.get(i));
        }
        double conditional = 0;
        for (List<String> group : byX.values()) {
            conditional += (double) group.size() / x.size() * entropy(counts(group));
        }
        return entropy(counts(y)) - conditional;
    }

    private static List<String> cells(List<? extends Map<String, ?>> rows, String feature, ValueType type) {
        List<String> cells = new ArrayList<>(rows.size());
        if (type == ValueType.FP64 || type == ValueType.INT64) {
            double[] edges = quantileEdges(rows, feature);
            for (Map<String, ?> row : rows) {
                Object v = row.get(feature);
                cells.add(v instanceof Number n && !Double.isNaN(n.doubleValue())
                        ? "bin" + bin(edges, n.doubleValue()) : MISSING);
            }
        } else {
            for (Map<String, ?> row : rows) {
                Object v = row.get(feature);
                cells.add(v == null || v.toString().isEmpty() ? MISSING : v.toString());
            }
        }
        return cells;
    }

    /** The inner cut points of {@value #BINS} equal-frequency bins, duplicates removed. */
    private static double[] quantileEdges(List<? extends Map<String, ?>> rows, String feature) {
        double[] sorted = rows.stream().map(r -> r.get(feature))
                .filter(v -> v instanceof Number n && !Double.isNaN(n.doubleValue()))
                .mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
        if (sorted.length == 0) {
            return new double[0];
        }
        double[] edges = new double[BINS - 1];
        for (int b = 1; b < BINS; b++) {
            edges[b - 1] = DataCards.quantile(sorted, (double) b / BINS);
        }
        return Arrays.stream(edges).distinct().toArray();
    }

    private static int bin(double[] edges, double v) {
        int b = 0;
        while (b < edges.length && v > edges[b]) {
            b++;
        }
        return b;
    }

    private static Map<String, Integer> counts(List<String> values) {
        Map<String, Integer> counts = new HashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }

    private static double entropy(Map<String, Integer> counts) {
        double n = counts.values().stream().mapToInt(Integer::intValue).sum();
        double h = 0;
        for (int c : counts.values()) {
            double p = c / n;
            h -= p * Math.log(p);
        }
        return h;
    }
}
