package io.rtml.inference.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** Open Inference Protocol v2 inference request. */
public record InferRequest(String id, Map<String, Object> parameters, List<Input> inputs, List<Output> outputs) {

    /** One input tensor; {@code data} is flat or nested row-major. */
    public record Input(String name, List<Long> shape, String datatype, Map<String, Object> parameters, JsonNode data) {
    }

    /** A requested output. */
    public record Output(String name, Map<String, Object> parameters) {
    }
}
