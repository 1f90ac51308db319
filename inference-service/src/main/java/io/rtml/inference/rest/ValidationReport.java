package io.rtml.inference.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What {@code POST /api/v1/validate/{model}/{version}} found: whether the candidate loaded outside the serving
 * set and answered sample rows with well-formed outputs, how long the load took, and how fast it answered.
 * {@code passed} is true only when every check passed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationReport(String model, int version, boolean passed, String format, String device,
                               Long loadMillis, int rows, String rowsFrom, Double latencyMillisP50,
                               Double latencyMillisMax, Double batchMillis, List<Check> checks) {

    /** One check: {@code load}, {@code answers}, {@code labels}, {@code scores}. */
    public record Check(String name, boolean passed, String detail) {
    }
}
