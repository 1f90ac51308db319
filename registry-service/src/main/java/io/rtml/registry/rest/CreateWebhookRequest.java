package io.rtml.registry.rest;

import java.util.List;

/**
 * Body of {@code POST /api/v1/webhooks}: where to send, which lifecycle event types ({@code ["*"]} for
 * all), and the secret deliveries are signed with (kept, never shown again). Checked as a whole by
 * {@code WebhookService}, so one 400 lists every problem.
 */
public record CreateWebhookRequest(String url, List<String> events, String secret, String description) {
}
