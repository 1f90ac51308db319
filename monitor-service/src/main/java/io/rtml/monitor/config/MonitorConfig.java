package io.rtml.monitor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** {@code rtml.monitor.*} settings. */
@ConfigMapping(prefix = "rtml.monitor")
public interface MonitorConfig {

    /** Base URL of the registry the baseline profiles come from. */
    @WithDefault("http://127.0.0.1:8081")
    String registryUrl();

    /** Width of the tumbling time buckets predictions are folded into (by prediction time). */
    @WithDefault("10s")
    Duration bucket();

    /** How often unflushed bucket deltas are written to PostgreSQL. */
    @WithDefault("5s")
    Duration flushInterval();

    /** Sliding window the Prometheus gauges are computed over. */
    @WithDefault("5m")
    Duration metricsWindow();

    /** How often the gauges are recomputed. */
    @WithDefault("5s")
    Duration metricsRefresh();

    /** Range of a report when the caller gives no {@code from}. */
    @WithDefault("15m")
    Duration defaultRange();

    /** Longest range one report may cover. */
    @WithDefault("31d")
    Duration maxRange();

    Drift drift();

    Baseline baseline();

    Labels labels();

    /** Business value: the outcome join and the KPI window ({@code io.rtml.monitor.value}). */
    io.rtml.monitor.value.OutcomesConfig outcomes();

    Limits limits();

    Alerts alerts();

    Serving serving();

    Predictions predictions();

    Quality quality();

    interface Quality {
        /**
         * How many of a version's latest input rows a new row is compared with to count it as a duplicate;
         * 0 turns the count off. Memory: about 40 bytes a row per version.
         */
        @WithDefault("10000")
        int duplicateLookback();
    }

    interface Serving {
        /** How often the champion and the route's challenger of every model watched are read from the registry. */
        @WithDefault("30s")
        Duration refresh();
    }

    interface Predictions {
        /**
         * How far in the future (by the monitor's clock) a prediction's time may be: producers' clocks
         * drift a little; a prediction dated further ahead would land in a bucket no report covers yet.
         */
        @WithDefault("1m")
        Duration maxClockSkew();
    }

    interface Alerts {
        /** How often every alert rule is evaluated. */
        @WithDefault("15s")
        Duration interval();

        /**
         * Fewest predictions (labelled ones for live_accuracy) in a rule's window for its metric to count;
         * PSI of a handful of rows is large by chance. Not applied to prediction_volume.
         */
        @WithDefault("200")
        int minRows();
    }

    interface Drift {
        /**
         * False alarms allowed in 30 days for drift reports, the dashboard and rules that set none: the
         * per-window significance level is this over the evaluations in 30 days, one every
         * {@code alerts.interval} (see {@code io.rtml.monitor.drift.FalseAlarmBudget}). Must be &gt; 0.
         */
        @WithName("false-alarms-per-30-days")
        @WithDefault("1")
        double falseAlarmsPer30Days();

        /** PSI below which a significant shift is still not called drift; 0 calls every significant shift drift. */
        @WithDefault("0")
        double minEffectSize();
    }

    interface Baseline {
        /** How long to wait before asking the registry again after a failed or missing baseline. */
        @WithDefault("30s")
        Duration retryAfter();

        /** Predictions kept per model version while its baseline is not yet known; the oldest go first. */
        @WithDefault("10000")
        int maxPending();
    }

    interface Labels {
        /**
         * The retention of the durable label join: how long a prediction (its request id, version, output and
         * time, one PostgreSQL row) waits for its label.
         */
        @WithDefault("7d")
        Duration predictionTtl();

        /** How long a label is kept for predictions that come after it (a label posted early, a late shadow answer). */
        @WithDefault("10m")
        Duration earlyLabelTtl();
    }

    interface Limits {
        /** Model versions tracked at once; predictions of further versions are counted and dropped. */
        @WithDefault("1000")
        int maxVersions();

        /** Unflushed buckets kept in memory when PostgreSQL is down; the oldest are dropped beyond this. */
        @WithDefault("20000")
        int maxUnflushedBuckets();

        /** Distinct predicted classes counted per bucket; the rest go to {@code __other__}. */
        @WithDefault("100")
        int maxClasses();
    }
}
