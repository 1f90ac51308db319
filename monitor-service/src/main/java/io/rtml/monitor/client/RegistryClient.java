package io.rtml.monitor.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The registry's version endpoint; base URL from {@code rtml.monitor.registry-url}. */
@RegisterRestClient(configKey = "registry")
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public interface RegistryClient {

    @GET
    @Path("/{model}/versions/{version}")
    Uni<RegistryVersion> version(@PathParam("model") String model, @PathParam("version") int version);
}
