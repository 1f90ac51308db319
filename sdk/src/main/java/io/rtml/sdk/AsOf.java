package io.rtml.sdk;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What a training-set read may use for an entity row at time t: {@link #KNOWN} (the store's default)
 * takes only values whose event time and ingestion time are both at or before t, so a backfill never
 * leaks into rows from before it arrived; {@link #EVENT} looks at event time only.
 */
public enum AsOf {
    KNOWN, EVENT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
