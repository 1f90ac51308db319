package io.rtml.registry.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Body of {@code POST /api/v1/models}. {@code kpi} and {@code fallback} are optional and checked as in
 * {@code PATCH /api/v1/models/{name}} ({@link BusinessPolicyRequest}).
 */
public record CreateModelRequest(
        @NotBlank
        @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,127}",
                message = "must be 1-128 characters of lower-case letters, digits, '.', '_' or '-', starting with a letter or digit")
        String name,
        @Size(max = 4000) String description,
        @Size(max = 64) String industry,
        @Pattern(regexp = "batch|streaming", message = "must be 'batch' or 'streaming'") String ingestionMode,
        List<@NotBlank @Size(max = 64) String> tags,
        @Size(max = 128) String owner,
        BusinessPolicyRequest.KpiRequest kpi,
        BusinessPolicyRequest.FallbackRequest fallback) {

    /** A model with catalogue facts only. */
    public CreateModelRequest(String name, String description, String industry, String ingestionMode,
                              List<String> tags, String owner) {
        this(name, description, industry, ingestionMode, tags, owner, null, null);
    }
}
