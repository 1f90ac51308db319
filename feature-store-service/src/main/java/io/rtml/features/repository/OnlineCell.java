package io.rtml.features.repository;

import java.time.Instant;

/**
 * One feature of one entity in the online store: the stored value (a JSON scalar as the database client
 * decodes it, null when written as null) and the event time it was true at.
 */
public record OnlineCell(Object value, Instant eventTime) {
}
