package io.rtml.inference.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** The parts of a registered version inference reads. */
public record RegistryVersion(
        String model,
        int version,
        String format,
        String sha256,
        Signature signature,
        Map<String, Object> params,
        List<String> featureRefs,
        JsonNode baselineProfile) {

    /** A version's declared inputs and outputs. */
    public record Signature(List<Tensor> inputs, List<Tensor> outputs) {
    }

    /** One declared tensor. */
    public record Tensor(String name, String datatype, List<Long> shape) {
    }
}
