package io.rtml.monitor.service;

import io.rtml.monitor.client.RegistryClient;
import io.rtml.monitor.client.RollbackRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/**
 * The registry actions of alert rules. {@code rollback} asks the registry to move the model's champion back to
 * the previous one; {@code abort-canary} asks it to drop the challenger of the model's route (shadow or canary).
 * No {@code @Retry}: a rollback is not idempotent (a second one moves the champion again), so a call that
 * timed out is reported as failed rather than repeated. An answer of the registry, 4xx included, is a
 * result; only timeouts, connection failures and 5xx count against the circuit breaker.
 */
@ApplicationScoped
public class RollbackAction {

    private final RegistryClient registry;

    public RollbackAction(@RestClient RegistryClient registry) {
        this.registry = registry;
    }

    /** What an action did: {@code succeeded} or {@code failed}, and the registry's status and answer. */
    public record Result(String status, String detail) {
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public Uni<Result> rollback(String model, String reason) {
        return registry.rollback(model, new RollbackRequest(reason))
                .map(body -> new Result("succeeded", "200 " + body))
                .onFailure(RollbackAction::clientError).recoverWithItem(e -> {
                    var response = ((WebApplicationException) e).getResponse();
                    return new Result("failed", response.getStatus() + " " + body(response));
                });
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public Uni<Result> abortCanary(String model, String reason) {
        return registry.abortRoute(model, new RollbackRequest(reason))
                .map(body -> new Result("succeeded", "200 " + body))
                .onFailure(RollbackAction::clientError).recoverWithItem(e -> {
                    var response = ((WebApplicationException) e).getResponse();
                    return new Result("failed", response.getStatus() + " " + body(response));
                });
    }

    /** Why the call did not get an answer (timeout, open circuit, connection refused, 5xx). */
    static Result unreachable(Throwable e) {
        if (e instanceof WebApplicationException w && w.getResponse() != null) {
            return new Result("failed", w.getResponse().getStatus() + " " + body(w.getResponse()));
        }
        String type = e.getClass().getSimpleName();
        return new Result("failed", "registry unreachable: " + (e.getMessage() == null ? type : type + ": " + e.getMessage()));
    }

    private static boolean clientError(Throwable e) {
        return e instanceof WebApplicationException w && w.getResponse() != null
                && w.getResponse().getStatus() >= 400 && w.getResponse().getStatus() < 500;
    }

    private static String body(jakarta.ws.rs.core.Response response) {
        try {
            return response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            return "";
        }
    }
}
