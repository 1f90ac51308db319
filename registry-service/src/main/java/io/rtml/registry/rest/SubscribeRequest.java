package io.rtml.registry.rest;

import jakarta.validation.constraints.Pattern;

/** Body of {@code PUT /api/v1/tenants/{id}/subscriptions/{model}}: the alias to follow, champion when absent. */
public record SubscribeRequest(
        @Pattern(regexp = "[a-z][a-z0-9-]{0,31}",
                message = "must be 1-32 lower-case letters, digits or '-', starting with a letter")
        String alias) {
}
