package io.rtml.registry.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/tenants}; {@code tier} defaults to standard. */
public record CreateTenantRequest(
        @NotBlank
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}",
                message = "must be 1-64 characters of lower-case letters, digits or '-', starting with a letter or digit")
        String id,
        @NotBlank @Size(max = 256) String name,
        @Size(max = 64) String industry,
        @Pattern(regexp = "standard|premium", message = "must be 'standard' or 'premium'") String tier) {
}
