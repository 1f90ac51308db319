package io.rtml.registry.rest;

import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/models/{name}/versions/{v}/archive}: who archives and why (kept in the audit log). */
public record ArchiveRequest(@Size(max = 128) String actor, @Size(max = 2000) String reason) {
}
