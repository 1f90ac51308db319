package io.rtml.inference.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Blocking look-ups in the registry for callers already on a worker thread (a job upload checks its
 * model and tenant before storing anything). A 404 arrives as a {@code WebApplicationException}.
 */
@RegisterRestClient(configKey = "registry")
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface RegistryCatalogClient {

    @GET
    @Path("/models/{name}")
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = jakarta.ws.rs.WebApplicationException.class)
    String model(@PathParam("name") String name);

    @GET
    @Path("/tenants/{id}")
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = jakarta.ws.rs.WebApplicationException.class)
    String tenant(@PathParam("id") String id);
}
