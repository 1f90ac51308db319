package io.rtml.monitor.value;

import io.rtml.contracts.kpi.Kpi;

import java.time.Instant;
import java.util.List;

/**
 * Answer of {@code GET /api/v1/models/{m}/business-value}: the declared KPI on the model's side and on its
 * holdout over the window, the uplift (model minus holdout) with its 95 % interval, the same per bucket, and a
 * note in words when something is missing (no holdout traffic, no outcomes yet). Numbers are null when undefined.
 */
public record BusinessValueReport(Kpi kpi, Instant windowStart, Instant windowEnd, Side model, Side holdout,
                                  Double uplift, Ci ci95, String method, List<Point> series, String note) {

    /** One side: joined predictions with the outcome, and the KPI over them. */
    public record Side(long n, Double value) {
    }

    public record Ci(double low, double high) {
    }

    /** One bucket of the window, by prediction time. */
    public record Point(Instant start, Double model, Double holdout) {
    }
}
