package io.rtml.inference.client;

import io.rtml.contracts.inference.RoutePolicy;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/** The model registry, over HTTP ({@code quarkus.rest-client.registry.url}). */
@RegisterRestClient(configKey = "registry")
@Path("/api/v1/models")
public interface RegistryClient {

    @GET
    @Path("/{name}")
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = jakarta.ws.rs.WebApplicationException.class)
    Uni<RegistryModel> model(@PathParam("name") String name);

    /** Every version of a model; {@code includeArchived=false} leaves archived ones out. */
    @GET
    @Path("/{name}/versions")
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = jakarta.ws.rs.WebApplicationException.class)
    Uni<List<RegistryVersion>> versions(@PathParam("name") String name,
                                        @QueryParam("includeArchived") boolean includeArchived);

    @GET
    @Path("/{name}/versions/{version}")
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = jakarta.ws.rs.WebApplicationException.class)
    Uni<RegistryVersion> version(@PathParam("name") String name, @PathParam("version") int version);

    /** The model's route policy (champion/challenger split); {@code RoutePolicy.off} when none is set. */
    @GET
    @Path("/{name}/route")
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = jakarta.ws.rs.WebApplicationException.class)
    Uni<RoutePolicy> route(@PathParam("name") String name);

    @GET
    @Path("/{name}/versions/{version}/artifact")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Timeout(120000)
    @Retry(maxRetries = 2, delay = 500, abortOn = jakarta.ws.rs.WebApplicationException.class)
    Uni<RestResponse<byte[]>> artifact(@PathParam("name") String name, @PathParam("version") int version);
}
