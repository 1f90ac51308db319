package io.rtml.features.service;

import io.rtml.common.rest.ApiException;

/**
 * What a historical read may use for an entity row at time t. {@link #KNOWN} (the default): values with
 * event time ≤ t that had also been ingested by t, so a backfill never leaks into rows from before it
 * arrived. {@link #EVENT}: event time ≤ t only, for users who know their backfills are clean.
 */
public enum AsOf {
    KNOWN, EVENT;

    /** The mode a request names ({@code "known"}, {@code "event"}, or nothing for known); 400 otherwise. */
    public static AsOf parse(String requested) {
        if (requested == null || requested.equals("known")) {
            return KNOWN;
        }
        if (requested.equals("event")) {
            return EVENT;
        }
        throw ApiException.badRequest("asOf must be \"known\" (the default: event time and ingestion time at or "
                + "before each row's timestamp) or \"event\" (event time only); got \"" + requested + "\"");
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
