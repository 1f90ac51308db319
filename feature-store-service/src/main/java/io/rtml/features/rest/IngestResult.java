package io.rtml.features.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * How many rows were written to the online store and the history, and which of them (indexes in the request)
 * were dated too far back for the view's window aggregations (before now − allowed lateness): stored as
 * values, but counted in no aggregation. Left out when there are none.
 */
public record IngestResult(int upserted,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Integer> lateForAggregations) {
}
