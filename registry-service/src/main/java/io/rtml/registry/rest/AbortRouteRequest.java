package io.rtml.registry.rest;

import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/models/{name}/route/abort} (optional): why, kept in the audit log. */
public record AbortRouteRequest(@Size(max = 2000) String reason) {
}
