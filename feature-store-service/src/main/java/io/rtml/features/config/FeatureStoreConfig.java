package io.rtml.features.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code rtml.features.*} settings. */
@ConfigMapping(prefix = "rtml.features")
public interface FeatureStoreConfig {

    Ingest ingest();

    Online online();

    Historical historical();

    Stats stats();

    Freshness freshness();

    interface Ingest {
        /** Rows accepted by one {@code POST /feature-views/{name}/rows}. */
        @WithDefault("50000")
        int maxRows();
    }

    interface Online {
        /** Entity keys accepted by one {@code POST /online-features}. */
        @WithDefault("10000")
        int maxEntityKeys();
    }

    interface Historical {
        /** Entity rows accepted by one {@code POST /historical-features}. */
        @WithDefault("10000")
        int maxEntityRows();
    }

    interface Stats {
        /** How many of the most frequent values a STRING feature's statistics list. */
        @WithDefault("10")
        int topCategories();
    }

    interface Freshness {
        /** How often {@code rtml_feature_freshness_seconds} re-reads the newest event time of every view. */
        @WithDefault("15s")
        Duration refreshInterval();
    }
}
