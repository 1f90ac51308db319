package io.rtml.inference.service;

import io.rtml.inference.rest.ModelMetadata;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Model metadata and readiness as both protocols (REST and gRPC) answer them: the champion when no
 * version is named, loading it on first use; a version that cannot be loaded fails with a 503.
 */
@ApplicationScoped
public class ModelDescriptions {

    private final ModelManager models;

    public ModelDescriptions(ModelManager models) {
        this.models = models;
    }

    /** Metadata of {@code version}, or of the champion when {@code version} is null. */
    public Uni<ModelMetadata> metadata(String model, Integer version) {
        return load(model, version).flatMap(loaded -> models.servableVersions(model, loaded.version())
                .map(servable -> ModelMetadata.of(loaded, servable)));
    }

    /** The version (or the champion), loaded and warmed. */
    public Uni<LoadedModel> load(String model, Integer version) {
        return version == null ? models.champion(model) : models.version(model, version);
    }
}
