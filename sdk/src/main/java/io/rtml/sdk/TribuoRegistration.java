package io.rtml.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * A Tribuo model ready to register: its protobuf bytes and their sha256, the provenance Tribuo recorded
 * while training, the trainer's parameters, and the labels it can answer.
 */
public record TribuoRegistration(byte[] artifact, String sha256, ObjectNode provenance, Map<String, Object> params,
                                 List<String> labels) {

    /**
     * Metadata with format {@code tribuo}, checksum, provenance, parameters and the outputs every Tribuo
     * classifier answers ({@code label} BYTES and {@code scores} FP64, one per label); add inputs, metrics,
     * data card and baseline profile before {@code build()}.
     */
    public VersionMetadata.Builder metadata() {
        return VersionMetadata.builder()
                .format("tribuo")
                .sha256(sha256)
                .provenance(provenance)
                .params(params)
                .output(new TensorSpec("label", "BYTES", List.of(-1L)))
                .output(new TensorSpec("scores", "FP64", List.of(-1L, (long) labels.size())));
    }
}
