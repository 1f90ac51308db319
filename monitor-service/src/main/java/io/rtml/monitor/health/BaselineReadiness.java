package io.rtml.monitor.health;

import io.rtml.monitor.service.WindowStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;

/**
 * Says which model versions still wait for their baseline from the registry, and why. Always UP:
 * the monitor keeps consuming and keeps the predictions while the registry is away, so taking it
 * out of rotation would only lose the reports it can still give.
 */
@Readiness
@ApplicationScoped
public class BaselineReadiness implements HealthCheck {

    private static final int MAX_LISTED = 20;

    private final WindowStore store;

    public BaselineReadiness(WindowStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> waiting = store.waitingForBaseline();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("registry-baselines").up()
                .withData("waiting", waiting.size());
        waiting.entrySet().stream().limit(MAX_LISTED).forEach(e -> response.withData(e.getKey(), e.getValue()));
        return response.build();
    }
}
