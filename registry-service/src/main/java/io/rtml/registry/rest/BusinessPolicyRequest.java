package io.rtml.registry.rest;

/**
 * Body of {@code PATCH /api/v1/models/{name}}: the model's KPI and fallback policy; a field left out keeps what is
 * declared. Values are strings here and checked by {@code BusinessPolicyCheck}, which names every wrong field in the
 * 400 (the wire names live once, in the contracts enums).
 */
public record BusinessPolicyRequest(KpiRequest kpi, FallbackRequest fallback) {

    /** {@code outcome}: opened, clicked or revenue; {@code aggregation}: rate (opened, clicked) or mean. */
    public record KpiRequest(String name, String description, String outcome, String aggregation) {
    }

    /** {@code kind}: majority-class or constant; {@code output}: the label the holdout is answered with. */
    public record FallbackRequest(String kind, String output) {
    }
}
