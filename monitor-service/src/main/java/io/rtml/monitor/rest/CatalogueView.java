package io.rtml.monitor.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rtml.monitor.service.CatalogueService;
import io.rtml.monitor.service.InferenceCounts.Counts;

import java.time.Instant;
import java.util.List;

/**
 * The MLOps page's catalogue: the filters and sort applied, the values each filter takes, and one row per model.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CatalogueView(CatalogueService.Query query, List<String> industries, List<String> modes,
                            List<String> statuses, List<String> sorts, List<CatalogueRow> rows) {

    /** {@code industries}: every industry in the catalogue (before filtering), for the page's filter. */
    public CatalogueView(CatalogueService.Query query, List<String> industries, List<CatalogueRow> rows) {
        this(query, industries, CatalogueService.MODES, CatalogueService.STATUSES, CatalogueService.SORTS, rows);
    }

    /**
     * One model as a product.
     *
     * @param routeMode        the route's mode ({@code off}, {@code shadow}, {@code canary}); {@code percent} its share
     * @param inferences       answers served in the last minute, hour and day (all versions), counted by this monitor
     * @param liveAccuracy     the champion's accuracy from joined labels over the default report range; null: no labels
     * @param resiliency       the champion's data resiliency score (registry); {@code resiliencyStatus} ok/stale/unknown
     * @param openAlerts       rules of the model whose condition holds now
     * @param championCreatedAt when the champion version was registered; {@code championAgeDays} since then
     * @param status           {@code drifting} and/or {@code stale}, or {@code healthy} when neither
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CatalogueRow(String model, String description, String industry, String ingestionMode, String owner,
                               Integer champion, Integer challenger, String routeMode, Double percent, String stickyBy,
                               Counts inferences, DriftStatus drift, Double liveAccuracy, long labelled,
                               Double resiliency, String resiliencyStatus, long openAlerts, Instant championCreatedAt,
                               Double championAgeDays, List<String> status) {
    }

    /**
     * The champion's drift over the default report range: {@code drifting} or {@code ok}, or why there is no verdict
     * ({@code no-traffic}, {@code no-baseline}, {@code no-champion}, with {@code reason}).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DriftStatus(String status, List<String> driftedFeatures, long predictions, String reason) {
    }
}
