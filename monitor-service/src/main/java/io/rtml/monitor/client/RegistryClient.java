package io.rtml.monitor.client;

import io.rtml.contracts.inference.RoutePolicy;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.Map;

/** The registry endpoints the monitor calls; base URL from {@code rtml.monitor.registry-url}. */
@RegisterRestClient(configKey = "registry")
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public interface RegistryClient {

    @GET
    @Path("/{model}/versions/{version}")
    Uni<RegistryVersion> version(@PathParam("model") String model, @PathParam("version") int version);

    /** Alias name → version number; the registry answers 404 for a model it does not know. */
    @GET
    @Path("/{model}/aliases")
    Uni<Map<String, Integer>> aliases(@PathParam("model") String model);

    /** The model's catalogue entry, of which the monitor reads the declared KPI; 404 for an unknown model. */
    @GET
    @Path("/{model}")
    Uni<RegistryModel> model(@PathParam("model") String model);

    /** The model's champion/challenger route (mode {@code off} when none was set). */
    @GET
    @Path("/{model}/route")
    Uni<RoutePolicy> route(@PathParam("model") String model);

    /** Moves the champion alias back to the previous champion; the registry answers 409 when there is none. */
    @POST
    @Path("/{model}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<String> rollback(@PathParam("model") String model, RollbackRequest request);

    /** Drops the model's challenger: its route goes off and only the champion serves (body {@code {"reason"}}). */
    @POST
    @Path("/{model}/route/abort")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<String> abortRoute(@PathParam("model") String model, RollbackRequest request);
}
