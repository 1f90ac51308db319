package io.rtml.features.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Statistics of one feature over the online store (the latest value of every entity). {@code count}:
 * entities with a non-null value; {@code missing}: the rest. Numeric features add min, max and mean; STRING
 * features their most frequent values; BOOL features how many are true.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureStatistics(
        String type,
        long count,
        long missing,
        Double min,
        Double max,
        Double mean,
        Long trueCount,
        List<CategoryCount> topCategories) {

    public record CategoryCount(String value, long count) {
    }
}
