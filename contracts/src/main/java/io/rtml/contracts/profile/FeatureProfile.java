package io.rtml.contracts.profile;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Mergeable statistics of one feature. A baseline is built once from training data; live traffic is
 * folded into {@link #emptyCopy()}s of it, so that both sides share bin edges and categories and
 * always compare like with like. Not thread-safe: callers fold under their own lock.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = NumericProfile.class, name = "numeric"),
        @JsonSubTypes.Type(value = CategoricalProfile.class, name = "categorical")
})
public sealed interface FeatureProfile permits NumericProfile, CategoricalProfile {

    /** Non-missing values seen. */
    long count();

    /** Missing values seen (null, empty, NaN). */
    long missing();

    /** Folds one value; {@code null} counts as missing. */
    void add(Object value);

    /** Adds another profile of the same shape (same edges or categories) into this one. */
    void merge(FeatureProfile other);

    /** A profile with the same bins or categories and no counts. */
    FeatureProfile emptyCopy();

    /** Share of values that are not missing; 1 when nothing was seen. */
    default double completeness() {
        long total = count() + missing();
        return total == 0 ? 1.0 : (double) count() / total;
    }
}
