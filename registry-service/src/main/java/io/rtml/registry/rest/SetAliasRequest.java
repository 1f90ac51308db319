package io.rtml.registry.rest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Body of {@code PUT /api/v1/models/{name}/aliases/{alias}}.
 *
 * The audit log's actor is the caller's token subject, never a body field.
 *
 * @param tolerance how much worse than the current champion a metric may be (absolute); default from config
 */
public record SetAliasRequest(@NotNull @Min(1) Integer version, @PositiveOrZero Double tolerance) {
}
