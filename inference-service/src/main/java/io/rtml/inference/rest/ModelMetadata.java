package io.rtml.inference.rest;

import io.rtml.inference.client.RegistryVersion;
import io.rtml.inference.service.LoadedModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Open Inference Protocol model metadata, for REST and gRPC alike. {@code versions} lists every
 * servable (non-archived) version, the described one first; every tensor has a {@code shape}, as the
 * spec requires: {@code [-1]} (a batch of scalars) for an input whose signature gives none.
 */
public record ModelMetadata(String name, List<String> versions, String platform,
                            List<RegistryVersion.Tensor> inputs, List<RegistryVersion.Tensor> outputs,
                            Map<String, String> properties) {

    static final List<Long> BATCH_OF_SCALARS = List.of(-1L);

    public static ModelMetadata of(LoadedModel l, List<Integer> servable) {
        List<String> versions = new ArrayList<>();
        versions.add(Integer.toString(l.version()));
        servable.stream().filter(v -> v != l.version()).map(String::valueOf).forEach(versions::add);
        List<RegistryVersion.Tensor> inputs = l.inputs().stream()
                .map(t -> t.shape() == null || t.shape().isEmpty()
                        ? new RegistryVersion.Tensor(t.name(), t.datatype(), BATCH_OF_SCALARS) : t)
                .toList();
        List<RegistryVersion.Tensor> outputs = List.of(
                new RegistryVersion.Tensor("label", "BYTES", BATCH_OF_SCALARS),
                new RegistryVersion.Tensor("scores", "FP64", List.of(-1L, (long) l.runtime().labels().size())));
        return new ModelMetadata(l.model(), List.copyOf(versions), l.runtime().format() + "_" + l.runtime().device(),
                inputs, outputs, Map.of("labels", String.join(",", l.runtime().labels()), "sha256", l.sha256()));
    }
}
