package io.rtml.registry.rest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/models/{name}/rollback} (optional): why (kept in the audit log; the actor
 * is the caller's token subject), and optionally the earlier champion to go back to, further down the
 * champion history than the one just before the current champion.
 */
public record RollbackRequest(@Size(max = 2000) String reason, @Min(1) Integer toVersion) {
}
