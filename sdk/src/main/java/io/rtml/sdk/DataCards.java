package io.rtml.sdk;

import io.rtml.contracts.card.DataCard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Measures a data card from the training rows themselves, so the numbers are facts rather than what
 * someone typed: feature count, completeness, modality shares, outlier share and data age. What cannot
 * be measured from rows (sources, labelling, augmentation) is added to the returned builder.
 */
public final class DataCards {

    /** Tukey's fence: values further than this many IQRs beyond the quartiles are outliers. */
    public static final double IQR_FENCE = 1.5;

    private DataCards() {
    }

    /**
     * @param rows      training rows, feature name to value ({@code null}, NaN or empty text: missing)
     * @param schema    the features the model reads and their types (STRING counts as categorical)
     * @param eventTime when each row's data was recorded, for data age; {@code null} to skip data age
     * @param asOf      the moment ages are measured at (usually now)
     */
    public static DataCard.Builder measure(List<? extends Map<String, ?>> rows, Map<String, ValueType> schema,
                                           Function<Map<String, ?>, Instant> eventTime, Instant asOf) {
        int features = schema.size();
        long present = 0;
        long numericValues = 0;
        long outliers = 0;
        int numericFeatures = 0;
        for (var feature : schema.entrySet()) {
            List<Double> numbers = new ArrayList<>();
            for (Map<String, ?> row : rows) {
                Object v = row.get(feature.getKey());
                if (missing(v)) {
                    continue;
                }
                present++;
                if (isNumeric(feature.getValue()) && v instanceof Number n) {
                    numbers.add(n.doubleValue());
                }
            }
            if (feature.getValue() != ValueType.STRING) {
                numericFeatures++;
            }
            if (isNumeric(feature.getValue())) {
                numericValues += numbers.size();
                outliers += outliers(numbers);
            }
        }
        long cells = (long) rows.size() * features;
        double numericShare = features == 0 ? 0 : (double) numericFeatures / features;
        DataCard.Builder card = DataCard.builder()
                .featureCount(features)
                .rows(rows.size())
                .completeness(cells == 0 ? 1.0 : (double) present / cells)
                .outlierShare(numericValues == 0 ? 0.0 : (double) outliers / numericValues)
                .modality(new DataCard.Modality(numericShare, features == 0 ? 0 : 1.0 - numericShare, 0.0, 0.0, 0.0, 0.0, 0.0))
                .structuredShare(1.0);
        if (eventTime != null) {
            card.dataAge(age(rows, eventTime, asOf));
        }
        return card;
    }

    /** As {@link #measure(List, Map, Function, Instant)} with the schema given as feature-view specs. */
    public static DataCard.Builder measure(List<? extends Map<String, ?>> rows, List<FeatureSpec> schema,
                                           Function<Map<String, ?>, Instant> eventTime, Instant asOf) {
        Map<String, ValueType> types = new java.util.LinkedHashMap<>();
        schema.forEach(f -> types.put(f.name(), f.type()));
        return measure(rows, types, eventTime, asOf);
    }

    /** Values outside [Q1 - 1.5 IQR, Q3 + 1.5 IQR], quartiles by linear interpolation. */
    static long outliers(List<Double> values) {
        if (values.size() < 4) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double q1 = quantile(sorted, 0.25);
        double q3 = quantile(sorted, 0.75);
        double iqr = q3 - q1;
        double low = q1 - IQR_FENCE * iqr;
        double high = q3 + IQR_FENCE * iqr;
        return Arrays.stream(sorted).filter(v -> v < low || v > high).count();
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static DataCard.DataAge age(List<? extends Map<String, ?>> rows, Function<Map<String, ?>, Instant> eventTime,
                                        Instant asOf) {
        List<Instant> times = new ArrayList<>(rows.size());
        for (Map<String, ?> row : rows) {
            Instant t = eventTime.apply(row);
            if (t != null) {
                times.add(t);
            }
        }
        if (times.isEmpty()) {
            return null;
        }
        times.sort(null);
        double[] ages = times.stream()
                .mapToDouble(t -> Duration.between(t, asOf).toMillis() / 86_400_000.0)
                .sorted().toArray();
        return new DataCard.DataAge(times.get(0), times.get(times.size() - 1), quantile(ages, 0.5));
    }

    private static boolean isNumeric(ValueType type) {
        return type == ValueType.FP64 || type == ValueType.INT64;
    }

    private static boolean missing(Object v) {
        return v == null
                || (v instanceof Double d && d.isNaN())
                || (v instanceof Float f && f.isNaN())
                || (v instanceof CharSequence s && s.isEmpty());
    }
}
