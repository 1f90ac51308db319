package io.rtml.inference.service;

import io.rtml.inference.client.RegistryVersion;
import io.rtml.inference.runtime.ModelRuntime;

import java.time.Instant;
import java.util.List;

/** A version in memory, verified and warmed, ready to answer. */
public record LoadedModel(
        String model,
        int version,
        String sha256,
        ModelRuntime runtime,
        List<RegistryVersion.Tensor> inputs,
        List<String> featureRefs,
        Instant loadedAt) {

    /** Input names: the features a row must carry. */
    public List<String> inputNames() {
        return inputs.stream().map(RegistryVersion.Tensor::name).toList();
    }
}
