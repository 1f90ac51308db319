package io.rtml.features.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** One feature of a view: a name and one of FP64, INT64, STRING, BOOL. */
public record FeatureSpec(
        @NotBlank
        @Pattern(regexp = "[a-z_][a-z0-9_]{0,63}",
                message = "must be 1-64 characters of lower-case letters, digits or '_', not starting with a digit")
        String name,
        @NotNull
        @Pattern(regexp = "FP64|INT64|STRING|BOOL", message = "must be one of FP64, INT64, STRING, BOOL")
        String type) {
}
