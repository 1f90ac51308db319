package io.rtml.monitor.service;

import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.monitor.client.RegistryClient;
import io.rtml.monitor.client.RegistryVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/**
 * Fetches a version's baseline profile from the registry, with timeout, retry and circuit breaker.
 * {@link IngestService#refreshBaseline} hands the outcome to the {@link WindowStore}.
 */
@ApplicationScoped
public class BaselineService {

    private final RegistryClient registry;

    public BaselineService(@RestClient RegistryClient registry) {
        this.registry = registry;
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.8, delay = 15, delayUnit = ChronoUnit.SECONDS)
    public Uni<RegistryVersion> fetch(String model, int version) {
        return registry.version(model, version);
    }

    static String describe(Throwable failure) {
        if (failure instanceof WebApplicationException w && w.getResponse() != null) {
            int status = w.getResponse().getStatus();
            return status == 404 ? "the registry has no such model version (404)" : "the registry answered " + status;
        }
        String type = failure.getClass().getSimpleName();
        return "registry unreachable: " + (failure.getMessage() == null ? type : type + ": " + failure.getMessage());
    }

    /** A registry answer with a profile of no features is treated like one without a profile. */
    static DatasetProfile usable(DatasetProfile profile) {
        return profile == null || profile.features().isEmpty() ? null : profile;
    }
}
