package io.rtml.monitor.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.rtml.monitor.service.InferenceCounts.Counts;
import io.rtml.monitor.service.InferenceCounts.VersionTraffic;

import java.util.Map;

/**
 * One model for the MLOps page's model view: the registry's own answers ({@code model}, {@code route},
 * {@code championVersion} with its data card, lineage and resiliency, {@code versions}, {@code audit}; audit is
 * null when the caller's role may not read it) and this monitor's traffic counts, in total and per version
 * (with the route each served as and its latency). Drift, quality and performance per route come from the
 * report endpoints with {@code ?route=}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelOverview(String name, Integer champion, Integer challenger, JsonNode model, JsonNode route,
                            JsonNode championVersion, JsonNode versions, JsonNode audit, Counts inferences,
                            Map<Integer, VersionTraffic> traffic, long[] perMinuteLastHour, long seriesEnd) {
}
