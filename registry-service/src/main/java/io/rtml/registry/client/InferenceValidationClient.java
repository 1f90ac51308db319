package io.rtml.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Inference's load-and-answer check ({@code POST /api/v1/validate/{model}/{version}}), over HTTP with the registry's
 * service token ({@code ServiceTokenFilter}). Timeouts are {@code quarkus.rest-client.inference.*} settings: a load
 * reads the artifact back from this registry, so the read timeout allows for a large one.
 */
@RegisterRestClient(configKey = "inference")
@Path("/api/v1/validate")
public interface InferenceValidationClient {

    /** The report as inference wrote it: {@code passed}, {@code loadMillis}, {@code checks}, … */
    @POST
    @Path("/{model}/{version}")
    Uni<JsonNode> validate(@PathParam("model") String model, @PathParam("version") int version);
}
