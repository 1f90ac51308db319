package io.rtml.registry.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A model as the API shows it: catalogue facts, aliases and the newest version number (0: none yet). */
public record ModelView(
        String name,
        String description,
        String industry,
        String ingestionMode,
        List<String> tags,
        String owner,
        Instant createdAt,
        Map<String, Integer> aliases,
        int latestVersion) {
}
