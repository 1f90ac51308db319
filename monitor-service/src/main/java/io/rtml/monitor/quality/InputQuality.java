package io.rtml.monitor.quality;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rtml.contracts.profile.CategoricalProfile;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.contracts.profile.FeatureProfile;
import io.rtml.contracts.profile.NumericProfile;
import io.rtml.contracts.profile.NumericValue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Mergeable quality counters of one window's inputs, beside its profile (which counts every value it
 * cannot use as missing):
 * <ul>
 *   <li>{@code typeMismatches}: values present but of the wrong type for the baseline's feature — text that
 *   is not a number for a numeric feature, a list or object for either kind. The profile counts them as
 *   missing; the report subtracts them, so "missing" means absent, null or empty;</li>
 *   <li>{@code textLengths}: length (characters) of every text value of an input — OIP {@code BYTES} inputs
 *   arrive as strings — including inputs the baseline does not profile (at most {@link #MAX_TEXT_INPUTS});</li>
 *   <li>{@code firstValues} / {@code varying}: whether every present value of a feature was one and the same;</li>
 *   <li>{@code duplicates}: rows whose inputs equal one of the version's recent rows ({@link RecentInputs}).</li>
 * </ul>
 * Not thread-safe (folded under the window store's lock).
 */
public final class InputQuality {

    /** Bound on the text inputs tracked per window: input names come from the events, not from a schema. */
    public static final int MAX_TEXT_INPUTS = 64;
    /** Longest value kept verbatim for the constant check; longer ones are kept as a prefix and a hash. */
    static final int MAX_VALUE_CHARS = 128;

    private final Map<String, Long> typeMismatches;
    private final Map<String, TextLength> textLengths;
    private final Map<String, String> firstValues;
    private final Set<String> varying;
    private long duplicates;

    @JsonCreator
    public InputQuality(@JsonProperty("typeMismatches") Map<String, Long> typeMismatches,
                        @JsonProperty("textLengths") Map<String, TextLength> textLengths,
                        @JsonProperty("firstValues") Map<String, String> firstValues,
                        @JsonProperty("varying") Set<String> varying,
                        @JsonProperty("duplicates") long duplicates) {
        this.typeMismatches = new LinkedHashMap<>(typeMismatches == null ? Map.of() : typeMismatches);
        this.textLengths = new LinkedHashMap<>();
        if (textLengths != null) {
            textLengths.forEach((k, v) -> this.textLengths.put(k, v.copy()));
        }
        this.firstValues = new LinkedHashMap<>(firstValues == null ? Map.of() : firstValues);
        this.varying = new LinkedHashSet<>(varying == null ? Set.of() : varying);
        this.duplicates = duplicates;
    }

    public static InputQuality empty() {
        return new InputQuality(null, null, null, null, 0);
    }

    /** Folds one prediction's inputs against the baseline's features; {@code duplicate} as {@link RecentInputs} said. */
    public void add(Map<String, ?> inputs, DatasetProfile baseline, boolean duplicate) {
        if (duplicate) {
            duplicates++;
        }
        for (Map.Entry<String, ?> e : inputs.entrySet()) {
            Object value = e.getValue();
            String feature = e.getKey();
            if (value instanceof CharSequence text && (textLengths.containsKey(feature)
                    || textLengths.size() < MAX_TEXT_INPUTS)) {
                textLengths.computeIfAbsent(feature, k -> TextLength.empty()).add(text.length());
            }
            FeatureProfile profile = baseline.feature(feature);
            if (profile == null || isMissing(value)) {
                continue;
            }
            if (mismatches(profile, value)) {
                typeMismatches.merge(feature, 1L, Long::sum);
                continue;
            }
            see(feature, canonical(profile, value));
        }
    }

    /** Absent, null, empty text or NaN: what the profiles count as missing when it is not a mismatch. */
    static boolean isMissing(Object value) {
        return value == null || (value instanceof CharSequence s && s.toString().trim().isEmpty())
                || (value instanceof Double d && d.isNaN()) || (value instanceof Float f && f.isNaN());
    }

    static boolean mismatches(FeatureProfile profile, Object value) {
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value.getClass().isArray()) {
            return true;
        }
        return profile instanceof NumericProfile && Double.isNaN(NumericValue.of(value));
    }

    private static String canonical(FeatureProfile profile, Object value) {
        String text = profile instanceof CategoricalProfile ? value.toString() : Double.toString(NumericValue.of(value));
        if (text.length() <= MAX_VALUE_CHARS) {
            return text;
        }
        return text.substring(0, MAX_VALUE_CHARS - 20) + "…#" + Long.toHexString(RecentInputs.hash(text));
    }

    private void see(String feature, String value) {
        if (varying.contains(feature)) {
            return;
        }
        String first = firstValues.putIfAbsent(feature, value);
        if (first != null && !first.equals(value)) {
            varying.add(feature);
            firstValues.remove(feature);
        }
    }

    public void merge(InputQuality other) {
        other.typeMismatches.forEach((k, v) -> typeMismatches.merge(k, v, Long::sum));
        other.textLengths.forEach((k, v) -> {
            TextLength mine = textLengths.get(k);
            if (mine != null) {
                mine.merge(v);
            } else if (textLengths.size() < MAX_TEXT_INPUTS) {
                textLengths.put(k, v.copy());
            }
        });
        other.varying.forEach(f -> {
            varying.add(f);
            firstValues.remove(f);
        });
        other.firstValues.forEach(this::see);
        duplicates += other.duplicates;
    }

    public InputQuality copy() {
        return new InputQuality(typeMismatches, textLengths, firstValues, varying, duplicates);
    }

    @JsonProperty("typeMismatches")
    public Map<String, Long> typeMismatches() {
        return typeMismatches;
    }

    @JsonProperty("textLengths")
    public Map<String, TextLength> textLengths() {
        return textLengths;
    }

    @JsonProperty("firstValues")
    public Map<String, String> firstValues() {
        return firstValues;
    }

    @JsonProperty("varying")
    public Set<String> varying() {
        return varying;
    }

    @JsonProperty("duplicates")
    public long duplicates() {
        return duplicates;
    }

    /** The one value every present value of {@code feature} had in the window; null if they differ or none was seen. */
    public String constantValue(String feature) {
        return varying.contains(feature) ? null : firstValues.get(feature);
    }
}
