package io.rtml.features.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A window aggregation of a view, kept incrementally from the values written for a stored feature of the same
 * view: {@code function} over the source's non-null values with event time in the last {@code window}
 * ({@code 30m}, {@code 1h}, {@code 24h}, {@code 7d}, {@code 30d}: a whole number of minutes, hours or days).
 * Functions: {@code count}, {@code sum}, {@code mean}, {@code min}, {@code max} (numeric sources for the
 * middle four), {@code last}, {@code distinct_count} (a HyperLogLog estimate). Read like any feature, as
 * {@code view:name}.
 */
public record AggregationSpec(
        @NotBlank
        @Pattern(regexp = "[a-z_][a-z0-9_]{0,63}",
                message = "must be 1-64 characters of lower-case letters, digits or '_', not starting with a digit")
        String name,
        @NotBlank String function,
        @NotBlank String source,
        @NotBlank String window) {
}
