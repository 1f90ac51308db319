package io.rtml.registry.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Body of {@code PUT /api/v1/tenants/{id}/subscriptions}: the whole bundle of models, by name. */
public record ReplaceSubscriptionsRequest(@NotNull @Size(max = 1000) List<@NotBlank String> models) {
}
