package io.rtml.registry.rest;

import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/models/{name}/versions/{v}/archive}: why (kept in the audit log;
 * the actor is the caller's token subject). */
public record ArchiveRequest(@Size(max = 2000) String reason) {
}
