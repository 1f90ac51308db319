package io.rtml.features.service;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Why one ingested row was refused: its index in the request, the feature at fault (if any), the problem. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RowProblem(int row, String feature, String problem) {

    @Override
    public String toString() {
        return "row " + row + (feature == null ? "" : ", feature '" + feature + "'") + ": " + problem;
    }
}
