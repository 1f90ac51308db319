package io.rtml.registry.rest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Body of {@code PUT /api/v1/models/{name}/aliases/{alias}}.
 *
 * @param tolerance how much worse than the current champion a metric may be (absolute); default from config
 */
public record SetAliasRequest(@NotNull @Min(1) Integer version, String actor, @PositiveOrZero Double tolerance) {
}
