package io.rtml.registry.rest;

import io.rtml.contracts.inference.FallbackPolicy;
import io.rtml.contracts.kpi.Kpi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model as the API shows it: catalogue facts, aliases, the newest version number (0: none yet), and its
 * declared KPI and fallback policy (null when not declared).
 */
public record ModelView(
        String name,
        String description,
        String industry,
        String ingestionMode,
        List<String> tags,
        String owner,
        Instant createdAt,
        Map<String, Integer> aliases,
        int latestVersion,
        Kpi kpi,
        FallbackPolicy fallback) {
}
