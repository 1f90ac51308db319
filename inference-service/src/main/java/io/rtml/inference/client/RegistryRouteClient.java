package io.rtml.inference.client;

import io.rtml.contracts.inference.RoutePolicy;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** A model's route policy as the registry keeps it, read with this service's own token. */
@RegisterRestClient(configKey = "registry")
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public interface RegistryRouteClient {

    @GET
    @Path("/{name}/route")
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = jakarta.ws.rs.WebApplicationException.class)
    Uni<RoutePolicy> route(@PathParam("name") String model);
}
