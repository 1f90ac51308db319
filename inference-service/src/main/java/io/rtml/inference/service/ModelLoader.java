package io.rtml.inference.service;

import io.rtml.contracts.ArtifactChecksum;
import com.fasterxml.jackson.databind.JsonNode;
import io.rtml.inference.client.RegistryClient;
import io.rtml.inference.client.RegistryVersion;
import io.rtml.inference.config.InferenceConfig;
import io.rtml.inference.runtime.ModelRuntime;
import io.rtml.inference.runtime.OnnxModelRuntime;
import io.rtml.inference.runtime.TribuoRuntime;
import io.rtml.inference.serving.BatchExecutors;
import io.rtml.inference.serving.DynamicBatcher;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches a version from the registry, checks the artifact's sha256 against the registered one,
 * builds the runtime off the event loop and warms it with one prediction.
 */
@ApplicationScoped
public class ModelLoader {

    private static final Logger LOG = Logger.getLogger(ModelLoader.class);

    private final RegistryClient registry;
    private final InferenceConfig config;
    private final BatchExecutors batching;

    public ModelLoader(@RestClient RegistryClient registry, InferenceConfig config, BatchExecutors batching) {
        this.registry = registry;
        this.config = config;
        this.batching = batching;
    }

    /** A version's metadata and its runtime, verified and loaded but not warmed, batched or serving. */
    public record Detached(RegistryVersion meta, String sha256, ModelRuntime runtime) {
    }

    /**
     * Loads a version outside the serving set (the gate's load-and-answer check): the artifact is verified
     * against its registered sha256 and handed to its runtime, nothing else; the caller closes the runtime.
     */
    public Uni<Detached> loadDetached(String model, int version) {
        return registry.version(model, version).flatMap(meta -> registry.artifact(model, version)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(response -> {
                    byte[] bytes = response.getEntity();
                    String actual = ArtifactChecksum.sha256(bytes);
                    if (!actual.equals(meta.sha256())) {
                        throw new ModelLoadException(model + " v" + version + ": artifact sha256 " + actual
                                + " does not match the registered " + meta.sha256() + "; refusing to serve it");
                    }
                    return new Detached(meta, actual, runtime(meta, bytes));
                }));
    }

    public Uni<LoadedModel> load(String model, int version) {
        return loadDetached(model, version)
                .map(detached -> {
                    RegistryVersion meta = detached.meta();
                    String actual = detached.sha256();
                    ModelRuntime runtime = detached.runtime();
                    DynamicBatcher batcher;
                    try {
                        batcher = batching.batcher(model, version, runtime, meta.params());
                    } catch (IllegalArgumentException e) {
                        runtime.close();
                        throw new ModelLoadException(model + " v" + version + " has invalid batching params: "
                                + e.getMessage(), e);
                    }
                    LoadedModel loaded = new LoadedModel(model, version, actual, runtime, batcher,
                            meta.signature() == null || meta.signature().inputs() == null ? List.of() : meta.signature().inputs(),
                            meta.featureRefs() == null ? List.of() : meta.featureRefs(), Instant.now());
                    try {
                        warm(loaded, meta);
                    } catch (RuntimeException e) {
                        runtime.close();
                        throw e;
                    }
                    LOG.infof("Loaded %s v%d (%s on %s, %d bytes, sha256 %s)", model, version, runtime.format(),
                            runtime.device(), runtime.residentBytes(), actual.substring(0, 12));
                    return loaded;
                });
    }

    private ModelRuntime runtime(RegistryVersion meta, byte[] bytes) {
        try {
            return switch (meta.format()) {
                case "tribuo" -> TribuoRuntime.load(bytes);
                case "onnx" -> {
                    Map<String, Object> onnx = meta.params() != null && meta.params().get("onnx") instanceof Map<?, ?> m
                            ? castMap(m) : Map.of();
                    yield OnnxModelRuntime.load(bytes, strings(onnx.get("inputOrder")), strings(onnx.get("labels")),
                            "cuda".equalsIgnoreCase(config.device()));
                }
                default -> throw new IllegalArgumentException("unsupported model format " + meta.format());
            };
        } catch (RuntimeException e) {
            // Whatever a runtime throws on bytes it cannot read (Tribuo, protobuf, ONNX Runtime) is this version's fault.
            throw new ModelLoadException(meta.model() + " v" + meta.version() + " failed to load: " + e.getMessage(), e);
        }
    }

    /**
     * One prediction before the version takes traffic, so the first user request does not pay for
     * lazy initialisation; uses the baseline medians where a profile exists, else zeros.
     */
    private static void warm(LoadedModel loaded, RegistryVersion meta) {
        Map<String, Object> row = new LinkedHashMap<>();
        JsonNode features = meta.baselineProfile() == null ? null : meta.baselineProfile().path("features");
        for (RegistryVersion.Tensor input : loaded.inputs()) {
            JsonNode profile = features == null ? null : features.get(input.name());
            if (profile != null && profile.path("quantiles").has("p50")) {
                row.put(input.name(), profile.path("quantiles").path("p50").asDouble());
            } else if (profile != null && profile.path("categories").size() > 0) {
                row.put(input.name(), profile.path("categories").fieldNames().next());
            } else if (!"BYTES".equals(input.datatype())) {
                row.put(input.name(), 0.0);
            }
        }
        try {
            loaded.runtime().predict(List.of(row));
        } catch (RuntimeException e) {
            throw new ModelLoadException(loaded.model() + " v" + loaded.version() + " loaded but failed its warm-up "
                    + "prediction: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }
}
