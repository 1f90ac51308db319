package io.rtml.inference.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** Open Inference Protocol v2 inference response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferResponse(
        @JsonProperty("model_name") String modelName,
        @JsonProperty("model_version") String modelVersion,
        String id,
        Map<String, Object> parameters,
        List<Output> outputs) {

    /** One output tensor. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Output(String name, List<Long> shape, String datatype, Map<String, Object> parameters, List<?> data) {
    }
}
