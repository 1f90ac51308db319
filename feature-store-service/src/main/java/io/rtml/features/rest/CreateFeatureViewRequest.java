package io.rtml.features.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Body of {@code POST /api/v1/feature-views}. {@code ttlSeconds} left out: values never expire;
 * {@code retentionSeconds} left out: history is kept for ever (else it must be longer than the TTL).
 * {@code aggregations} (optional): window aggregations over the view's stored features, see {@link AggregationSpec}.
 */
public record CreateFeatureViewRequest(
        @NotBlank
        @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,127}",
                message = "must be 1-128 characters of lower-case letters, digits, '_' or '-', starting with a letter or digit")
        String name,
        @NotBlank String entity,
        @Min(1) Long ttlSeconds,
        @Min(1) Long retentionSeconds,
        @Size(max = 4000) String description,
        @NotEmpty @Size(max = 1000) List<@NotNull @Valid FeatureSpec> features,
        @Size(max = 100) List<@NotNull @Valid AggregationSpec> aggregations) {
}
