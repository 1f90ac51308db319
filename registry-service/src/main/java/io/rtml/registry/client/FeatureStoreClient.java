package io.rtml.registry.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The feature store's view definitions and freshness, over HTTP with the registry's service token
 * ({@code ServiceTokenFilter}). Timeouts are {@code quarkus.rest-client.feature-store.*} settings.
 */
@RegisterRestClient(configKey = "feature-store")
@Path("/api/v1/feature-views")
public interface FeatureStoreClient {

    @GET
    @Path("/{name}")
    Uni<FeatureViewInfo> view(@PathParam("name") String name);

    @GET
    @Path("/{name}/freshness")
    Uni<ViewFreshness> freshness(@PathParam("name") String name);
}
