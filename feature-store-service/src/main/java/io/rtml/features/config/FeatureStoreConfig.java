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

    Retention retention();

    interface Ingest {
        /** Rows accepted by one {@code POST /feature-views/{name}/rows}. */
        @WithDefault("50000")
        int maxRows();

        /**
         * How far an event time may lead the store's clock. Later ones are refused (400 on REST, counted and
         * skipped on the stream): a row dated years ahead would otherwise hide every real write after it.
         */
        @WithDefault("5m")
        Duration maxFutureSkew();
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

    interface Retention {
        /** How often history older than each view's {@code retentionSeconds} is removed ({@code off} disables). */
        @WithDefault("10m")
        String interval();

        /** History rows removed per DELETE statement; small batches keep each statement's locks short. */
        @WithDefault("5000")
        int batchSize();
    }
}
