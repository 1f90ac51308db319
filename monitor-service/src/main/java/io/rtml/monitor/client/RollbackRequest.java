package io.rtml.monitor.client;

/**
 * Body of the registry's {@code POST /api/v1/models/{m}/rollback} and {@code …/route/abort}. The audit log's actor is the
 * subject of the monitor's service token, which the registry reads from the call itself.
 */
public record RollbackRequest(String reason) {
}
