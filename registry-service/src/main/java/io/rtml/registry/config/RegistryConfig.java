package io.rtml.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code rtml.registry.*} settings. */
@ConfigMapping(prefix = "rtml.registry")
public interface RegistryConfig {

    Gate gate();

    Outbox outbox();

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
}
