package io.rtml.monitor.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The registry's read endpoints behind the MLOps page, called with <em>the caller's</em> bearer token (every
 * method takes the {@code Authorization} header to pass on), so the registry applies the caller's role and a
 * tenant sees only what it may. The answers are relayed as JSON, not re-modelled: the page shows the registry's
 * own fields. Same base URL and timeouts as {@link RegistryClient} ({@code quarkus.rest-client.registry.*}).
 */
@RegisterRestClient(configKey = "registry")
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface RegistryReadClient {

    @GET
    @Path("/models")
    Uni<JsonNode> models(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/models/{model}")
    Uni<JsonNode> model(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("model") String model);

    @GET
    @Path("/models/{model}/versions")
    Uni<JsonNode> versions(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @PathParam("model") String model);

    @GET
    @Path("/models/{model}/route")
    Uni<JsonNode> route(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("model") String model);

    @GET
    @Path("/models/{model}/audit")
    Uni<JsonNode> audit(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("model") String model);

    /** Versions across the catalogue an alias points at (e.g. every champion), each with its resiliency. */
    @GET
    @Path("/versions")
    Uni<JsonNode> versionsWithAlias(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                    @QueryParam("alias") String alias);

    @GET
    @Path("/tenants")
    Uni<JsonNode> tenants(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("size") int size);

    @GET
    @Path("/tenants/{tenant}/subscriptions")
    Uni<JsonNode> subscriptions(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @PathParam("tenant") String tenant);
}
