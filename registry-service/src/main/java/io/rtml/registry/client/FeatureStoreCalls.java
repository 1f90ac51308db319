package io.rtml.registry.client;

import io.rtml.common.rest.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import io.rtml.registry.config.RegistryConfig;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.Optional;

/**
 * Calls the feature store and sorts the answers: a view that does not exist is an empty answer (the
 * caller's problem to report), everything else that is not an answer — refused connection, timeout, a 5xx,
 * a refused service token — is the feature store being unavailable: a 503 with {@code Retry-After} naming
 * it, never a 500.
 */
@ApplicationScoped
public class FeatureStoreCalls {

    /** How soon a caller refused because the feature store was unreachable should try again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final FeatureStoreClient client;
    private final Duration timeout;

    public FeatureStoreCalls(@RestClient FeatureStoreClient client, RegistryConfig config) {
        this.client = client;
        this.timeout = config.featureStore().timeout();
    }

    /** The view, or empty when the feature store has none by that name. */
    public Uni<Optional<FeatureViewInfo>> view(String name) {
        return client.view(name).ifNoItem().after(timeout).failWith(() -> unavailable("did not answer within " + timeout))
                .map(Optional::ofNullable)
                .onFailure(this::notFound).recoverWithItem(Optional.empty())
                .onFailure(f -> !(f instanceof ApiException)).transform(FeatureStoreCalls::unavailable);
    }

    /** The view's freshness, or empty when the feature store has no such view (any more). */
    public Uni<Optional<ViewFreshness>> freshness(String name) {
        return client.freshness(name).ifNoItem().after(timeout).failWith(() -> unavailable("did not answer within " + timeout))
                .map(Optional::ofNullable)
                .onFailure(this::notFound).recoverWithItem(Optional.empty())
                .onFailure(f -> !(f instanceof ApiException)).transform(FeatureStoreCalls::unavailable);
    }

    private boolean notFound(Throwable failure) {
        return failure instanceof WebApplicationException w && w.getResponse() != null
                && w.getResponse().getStatus() == 404;
    }

    private static ApiException unavailable(Throwable failure) {
        String why = failure instanceof WebApplicationException w && w.getResponse() != null
                ? "answered " + w.getResponse().getStatus()
                : failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return unavailable(why);
    }

    private static ApiException unavailable(String why) {
        return ApiException.unavailable("The feature store is unavailable (" + why + "); retry later", RETRY_AFTER);
    }
}
