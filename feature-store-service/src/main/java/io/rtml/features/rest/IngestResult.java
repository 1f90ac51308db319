package io.rtml.features.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How many rows were written to the online store and the history, and how many of the aggregation events they
 * carry (a non-null value of a feature that a window aggregation reads) were already stored with the same
 * entity, event time and value: those count once. Left out when none.
 */
public record IngestResult(int upserted,
                           @JsonInclude(JsonInclude.Include.NON_DEFAULT) int duplicateEvents) {
}
