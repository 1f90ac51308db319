package io.rtml.inference.health;

import io.rtml.inference.service.LoadedModel;
import io.rtml.inference.service.ModelManager;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when every pinned model is loaded and warmed; lists what serves. */
@Readiness
@ApplicationScoped
public class PinnedModelsReadiness implements HealthCheck {

    private final ModelManager models;

    public PinnedModelsReadiness(ModelManager models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("models").status(models.pinnedReady());
        for (LoadedModel l : models.champions()) {
            builder.withData(l.model(), "v" + l.version() + " " + l.runtime().format() + "/" + l.runtime().device());
        }
        return builder.build();
    }
}
