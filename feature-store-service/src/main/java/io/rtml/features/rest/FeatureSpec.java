package io.rtml.features.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One feature of a view: a name and one of FP64, INT64, STRING, BOOL. With {@code onDemand} it is not
 * stored but computed at read time (see {@link OnDemandSpec}).
 */
public record FeatureSpec(
        @NotBlank
        @Pattern(regexp = "[a-z_][a-z0-9_]{0,63}",
                message = "must be 1-64 characters of lower-case letters, digits or '_', not starting with a digit")
        String name,
        @NotNull
        @Pattern(regexp = "FP64|INT64|STRING|BOOL", message = "must be one of FP64, INT64, STRING, BOOL")
        String type,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Valid OnDemandSpec onDemand) {

    public FeatureSpec(String name, String type) {
        this(name, type, null);
    }
}
