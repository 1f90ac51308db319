package io.rtml.monitor.client;

/** Body of the registry's {@code POST /api/v1/models/{m}/rollback}. */
public record RollbackRequest(String actor, String reason) {
}
