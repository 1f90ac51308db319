package io.rtml.features.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/entities}. */
public record CreateEntityRequest(
        @NotBlank
        @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,127}",
                message = "must be 1-128 characters of lower-case letters, digits, '_' or '-', starting with a letter or digit")
        String name,
        @Size(max = 4000) String description) {
}
