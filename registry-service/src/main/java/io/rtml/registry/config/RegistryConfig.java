package io.rtml.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code rtml.registry.*} settings. */
@ConfigMapping(prefix = "rtml.registry")
public interface RegistryConfig {

    Gate gate();

    Outbox outbox();

    Webhooks webhooks();

    interface Gate {
        /** How much worse (absolute) than the champion a candidate's metric may be. */
        @WithDefault("0.01")
        double metricTolerance();
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
