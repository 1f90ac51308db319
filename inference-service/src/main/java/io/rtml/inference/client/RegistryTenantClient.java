package io.rtml.inference.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** A tenant's bundle in the registry, read with this service's own token; a 404 (no such tenant) arrives as a {@code WebApplicationException}. */
@RegisterRestClient(configKey = "registry")
@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
public interface RegistryTenantClient {

    @GET
    @Path("/{id}/subscriptions")
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = jakarta.ws.rs.WebApplicationException.class)
    Uni<List<Subscription>> subscriptions(@PathParam("id") String tenant);

    /** One model of the bundle and the alias the tenant follows (the registry's answer has more fields). */
    record Subscription(String model, String alias) {

        /** Champion when the registry names none. */
        public String followedAlias() {
            return alias == null || alias.isBlank() ? "champion" : alias;
        }
    }
}
