package io.rtml.features.service;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a window aggregation computes over the source feature's non-null values in its window. */
public enum AggregationFunction {
    COUNT, SUM, MEAN, MIN, MAX, LAST, DISTINCT_COUNT;

    public static final String NAMES = Arrays.stream(values()).map(AggregationFunction::wireName)
            .collect(Collectors.joining(", "));

    /** The function a declaration names ({@code count}, {@code distinct_count}, ...), or null when none. */
    public static AggregationFunction parse(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName().equals(name)).findFirst().orElse(null);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Sum, mean, min and max are arithmetic: their source must be FP64 or INT64. */
    public boolean needsNumericSource() {
        return this == SUM || this == MEAN || this == MIN || this == MAX;
    }

    /** The type of the aggregated value: counts are INT64, sum and mean FP64, min/max/last the source's type. */
    public FeatureType resultType(FeatureType source) {
        return switch (this) {
            case COUNT, DISTINCT_COUNT -> FeatureType.INT64;
            case SUM, MEAN -> FeatureType.FP64;
            case MIN, MAX, LAST -> source;
        };
    }

    /** Over a window with no values, counts and sums are 0 (a real answer); the others have no value. */
    public boolean zeroWhenEmpty() {
        return this == COUNT || this == DISTINCT_COUNT || this == SUM;
    }
}
