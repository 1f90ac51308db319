package io.rtml.monitor.value;

import io.micrometer.core.instrument.Tags;
import io.rtml.monitor.service.MonitorMetrics;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The business-value metrics. Labels are bounded: {@code model} (the models that declare a KPI and have
 * predictions) and {@code route} ({@code model} or {@code holdout}); never request ids.
 */
@ApplicationScoped
public class KpiMetrics {

    /** The KPI on one side of the route over the KPI window (NaN without outcomes). */
    public static final String KPI_VALUE = "rtml_kpi_value";
    /** Model minus holdout over the KPI window (NaN without both sides). */
    public static final String KPI_UPLIFT = "rtml_kpi_uplift";
    /** The lower end of the uplift's 95 % interval: above 0, the model beats its holdout. */
    public static final String KPI_UPLIFT_LOW = "rtml_kpi_uplift_ci_low";
    public static final String OUTCOMES = "rtml_monitor_outcomes_total";
    /** Outcomes whose request id met no prediction within {@code rtml.monitor.outcomes.unknown-after}. */
    public static final String OUTCOMES_UNJOINED = "rtml_monitor_outcomes_unjoined_total";

    private final MonitorMetrics metrics;
    private final io.micrometer.core.instrument.MeterRegistry registry;

    public KpiMetrics(MonitorMetrics metrics, io.micrometer.core.instrument.MeterRegistry registry) {
        this.metrics = metrics;
        this.registry = registry;
    }

    void report(String model, BusinessValueReport report) {
        metrics.gauge(KPI_VALUE, Tags.of("model", model, "route", "model"), nanIfNull(report.model().value()));
        metrics.gauge(KPI_VALUE, Tags.of("model", model, "route", "holdout"), nanIfNull(report.holdout().value()));
        metrics.gauge(KPI_UPLIFT, Tags.of("model", model), nanIfNull(report.uplift()));
        metrics.gauge(KPI_UPLIFT_LOW, Tags.of("model", model), report.ci95() == null ? Double.NaN : report.ci95().low());
    }

    public void outcomesReceived(long n) {
        registry.counter(OUTCOMES).increment(n);
    }

    public void badOutcomes(long n) {
        for (long i = 0; i < n; i++) {
            metrics.badMessage("rtml.outcomes");
        }
    }

    void unjoined(long n) {
        registry.counter(OUTCOMES_UNJOINED).increment(n);
    }

    private static double nanIfNull(Double value) {
        return value == null ? Double.NaN : value;
    }
}
