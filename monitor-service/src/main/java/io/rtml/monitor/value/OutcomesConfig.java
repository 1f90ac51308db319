package io.rtml.monitor.value;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code rtml.monitor.outcomes.*}: the outcome join and the KPI window (a group of {@code MonitorConfig}). */
public interface OutcomesConfig {

    /** Default window of {@code GET business-value} and of the {@code rtml_kpi_*} gauges. */
    @WithDefault("24h")
    Duration window();

    /** Default bucket of the business-value series. */
    @WithDefault("1h")
    Duration bucket();

    /** How long an outcome waits for a prediction of its request id before it is counted as unjoined and dropped. */
    @WithDefault("10m")
    Duration unknownAfter();

    /** How long predictions' sides and outcomes are kept. */
    @WithDefault("30d")
    Duration retention();

    /** How often the KPI gauges are recomputed (read by the scheduler). */
    @WithDefault("30s")
    Duration refresh();

    /** How often unjoined and expired rows are dropped (read by the scheduler). */
    @WithDefault("60s")
    Duration sweep();
}
