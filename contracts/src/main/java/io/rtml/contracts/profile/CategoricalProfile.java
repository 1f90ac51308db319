package io.rtml.contracts.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Counts per category, for the categories fixed when the baseline was built; any other value goes
 * to the {@code other} bucket, so live traffic with new categories still compares with the baseline.
 */
@JsonIgnoreProperties(value = {"type"}, allowGetters = true)
public final class CategoricalProfile implements FeatureProfile {

    private final LinkedHashMap<String, Long> counts;
    private long other;
    private long missing;

    @JsonCreator
    public CategoricalProfile(@JsonProperty("categories") Map<String, Long> categories,
                              @JsonProperty("other") long other,
                              @JsonProperty("missing") long missing) {
        this.counts = new LinkedHashMap<>(categories == null ? Map.of() : categories);
        this.other = other;
        this.missing = missing;
    }

    /** An empty profile that knows exactly these categories. */
    public static CategoricalProfile withCategories(List<String> categories) {
        Map<String, Long> zero = new LinkedHashMap<>();
        categories.forEach(c -> zero.put(c, 0L));
        return new CategoricalProfile(zero, 0, 0);
    }

    /** The {@code maxCategories} most frequent training values become the known categories. */
    public static CategoricalProfile withCategoriesFrom(List<?> values, int maxCategories) {
        Map<String, Long> frequency = new HashMap<>();
        for (Object v : values) {
            String key = keyOf(v);
            if (key != null) {
                frequency.merge(key, 1L, Long::sum);
            }
        }
        List<String> top = frequency.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(maxCategories)
                .map(Map.Entry::getKey)
                .sorted()
                .collect(Collectors.toList());
        return withCategories(top);
    }

    @Override
    public void add(Object value) {
        String key = keyOf(value);
        if (key == null) {
            missing++;
        } else if (counts.containsKey(key)) {
            counts.merge(key, 1L, Long::sum);
        } else {
            other++;
        }
    }

    @Override
    public void merge(FeatureProfile other) {
        if (!(other instanceof CategoricalProfile that)) {
            throw new IllegalArgumentException("can only merge a categorical profile into a categorical profile");
        }
        that.counts.forEach((k, v) -> {
            if (counts.containsKey(k)) {
                counts.merge(k, v, Long::sum);
            } else {
                this.other += v;
            }
        });
        this.other += that.other;
        this.missing += that.missing;
    }

    @Override
    public CategoricalProfile emptyCopy() {
        return withCategories(List.copyOf(counts.keySet()));
    }

    @Override
    public long count() {
        return counts.values().stream().mapToLong(Long::longValue).sum() + other;
    }

    @Override
    @JsonProperty("missing")
    public long missing() {
        return missing;
    }

    @JsonProperty("categories")
    public Map<String, Long> categories() {
        return Collections.unmodifiableMap(counts);
    }

    @JsonProperty("other")
    public long other() {
        return other;
    }

    @JsonProperty("type")
    public String type() {
        return "categorical";
    }

    private static String keyOf(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return text.isEmpty() ? null : text;
    }
}
