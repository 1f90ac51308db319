package io.rtml.registry.rest;

import java.time.Instant;
import java.util.List;

/** A webhook as the API shows it: never its secret. */
public record WebhookView(long id, String url, List<String> events, String description, String createdBy,
                          Instant createdAt) {
}
