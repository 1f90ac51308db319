package io.rtml.registry.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * The part of a feature-store view the registry reads: its name, TTL and every name a read can ask for
 * with the type of its values ({@code readTypes}: stored, on-demand and aggregated features).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FeatureViewInfo(String name, Long ttlSeconds, Map<String, String> readTypes) {
}
