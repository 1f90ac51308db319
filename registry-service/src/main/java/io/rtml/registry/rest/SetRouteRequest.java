package io.rtml.registry.rest;

/**
 * Body of {@code PUT /api/v1/models/{name}/route}. Checked by the route service, which names every
 * problem in the 400 (the wire names of {@code RoutePolicy.Mode} and {@code StickyBy} are the only
 * place they are defined). The audit log's actor is the caller's token subject, never a body field.
 *
 * @param challenger a version number ({@code 3} or {@code "3"}) or an alias name ({@code "challenger"});
 *                   required for shadow and canary, ignored for off
 * @param mode       {@code off}, {@code shadow} or {@code canary}
 * @param percent    canary share 0-100; required for canary, default 0 otherwise
 * @param stickyBy   {@code entity} (default) or {@code tenant}
 * @param holdoutPercent share 0-100 (default 0) answered by the model's declared fallback policy instead of any
 *                   model, for the monitor's KPI uplift; with a canary, holdout + percent is at most 100
 */
public record SetRouteRequest(String challenger, String mode, Integer percent, String stickyBy, Integer holdoutPercent) {

    /** A route without a holdout. */
    public SetRouteRequest(String challenger, String mode, Integer percent, String stickyBy) {
        this(challenger, mode, percent, stickyBy, null);
    }
}
