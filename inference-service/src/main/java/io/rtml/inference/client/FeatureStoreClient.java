package io.rtml.inference.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The feature store's online read, on the request path: short timeout, circuit breaker, no retry. */
@RegisterRestClient(configKey = "feature-store")
@Path("/api/v1")
public interface FeatureStoreClient {

    @POST
    @Path("/online-features")
    @Timeout(2000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    Uni<OnlineFeatures.Response> onlineFeatures(OnlineFeatures.Request request);

    /** A view's definition; the feature cache reads its TTL. */
    @GET
    @Path("/feature-views/{name}")
    @Timeout(2000)
    Uni<OnlineFeatures.View> view(@PathParam("name") String name);
}
