package io.rtml.inference.service;

import io.rtml.inference.client.RegistryVersion;
import io.rtml.inference.runtime.ModelRuntime;
import io.rtml.inference.serving.DynamicBatcher;

import java.time.Instant;
import java.util.List;

/**
 * A version in memory, verified and warmed, ready to answer. Every score goes through its
 * {@code batcher}, which owns the calls into {@code runtime}.
 */
public record LoadedModel(
        String model,
        int version,
        String sha256,
        ModelRuntime runtime,
        DynamicBatcher batcher,
        List<RegistryVersion.Tensor> inputs,
        List<String> featureRefs,
        Instant loadedAt) {

    public LoadedModel {
        inputs = List.copyOf(inputs);
        featureRefs = List.copyOf(featureRefs);
    }

    /** Input names: the features a row must carry. */
    public List<String> inputNames() {
        return inputs.stream().map(RegistryVersion.Tensor::name).toList();
    }
}
