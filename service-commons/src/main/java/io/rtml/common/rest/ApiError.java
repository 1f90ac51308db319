package io.rtml.common.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error body of every rtml service: a sentence that says what was wrong and, where it
 * helps, structured details (a gate report, the offending fields). Never a stack trace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, Object details) {

    public static ApiError of(String error) {
        return new ApiError(error, null);
    }
}
