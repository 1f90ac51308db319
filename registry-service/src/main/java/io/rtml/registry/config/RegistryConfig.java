package io.rtml.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code rtml.registry.*} settings. */
@ConfigMapping(prefix = "rtml.registry")
public interface RegistryConfig {

    Gate gate();

    Outbox outbox();

    Webhooks webhooks();

    Resiliency resiliency();

    FeatureStore featureStore();

    interface FeatureStore {
        /** How long one call to the feature store may take before it counts as unavailable. */
        @WithDefault("5s")
        java.time.Duration timeout();
    }

    /** The data resiliency score (README, "The data resiliency score"). */
    interface Resiliency {
        /** Training-data age at which the data-age factor halves. */
        @WithDefault("90d")
        java.time.Duration dataHalfLife();

        /** Feature-view age (time since its newest event) at which a feature's freshness factor halves. */
        @WithDefault("1d")
        java.time.Duration featureHalfLife();

        /** Scores below this are {@code stale}. */
        @WithDefault("0.5")
        double staleBelow();

        /** How often the freshness of the views live versions read is asked again, and the gauge refreshed. */
        @WithDefault("5m")
        java.time.Duration interval();

        /** A freshness answer older than this no longer counts: the score is {@code unknown}. */
        @WithDefault("30m")
        java.time.Duration freshnessMaxAge();
    }

    interface Gate {
        /** How much worse (absolute) than the champion a candidate's metric may be. */
        @WithDefault("0.01")
        double metricTolerance();

        /**
         * Whether champions and challengers must load and answer in inference first ({@code loads-and-answers});
         * off only where no inference runs (the registry's own tests).
         */
        @WithDefault("true")
        boolean loadCheck();
    }

    interface Outbox {
        /** How often unpublished lifecycle events are relayed to Kafka. */
        @WithDefault("1s")
        java.time.Duration interval();

        /** Lifecycle events relayed to Kafka per run of the relay. */
        @WithDefault("100")
        int batchSize();
    }

    interface Webhooks {
        /** How often due deliveries are sent. */
        @WithDefault("1s")
        java.time.Duration interval();

        /** Deliveries sent per run of the dispatcher. */
        @WithDefault("50")
        int batchSize();

        /** Attempts before a delivery is given up as {@code failed}. */
        @WithDefault("8")
        int maxAttempts();

        /** The wait after the first failed attempt; it doubles after each further one. */
        @WithDefault("2s")
        java.time.Duration initialBackoff();

        /** The longest wait between two attempts. */
        @WithDefault("10m")
        java.time.Duration maxBackoff();

        /** How long one attempt may take before it counts as failed. */
        @WithDefault("10s")
        java.time.Duration timeout();
    }
}
