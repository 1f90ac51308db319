package io.rtml.inference.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.rtml.common.reactive.CallerContext;
import io.rtml.common.rest.ApiException;
import io.rtml.common.security.Caller;
import io.rtml.contracts.security.Roles;
import io.rtml.inference.security.TenantAccess;
import io.rtml.inference.service.LoadedModel;
import io.rtml.inference.service.ModelDescriptions;
import io.rtml.inference.service.ModelManager;
import io.rtml.inference.service.PredictionService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;

/**
 * Open Inference Protocol v2 over REST (../shared/specs/open_inference_rest.yaml), with and without
 * the optional {@code /versions/{v}} segment. Health answers 200 or 503 with a JSON body. Every Uni
 * answers on the request's own context ({@link CallerContext}): models load and score on the worker
 * pool, and a failure handed over there would reach the error mapper outside the request scope.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class OpenInferenceResource {

    private final ModelManager models;
    private final ModelDescriptions descriptions;
    private final PredictionService predictions;
    private final String serverVersion;
    private final TenantAccess tenants;
    private final SecurityIdentity identity;

    public OpenInferenceResource(ModelManager models, ModelDescriptions descriptions, PredictionService predictions,
                                 @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
                                 TenantAccess tenants, SecurityIdentity identity) {
        this.models = models;
        this.descriptions = descriptions;
        this.predictions = predictions;
        this.serverVersion = version;
        this.tenants = tenants;
        this.identity = identity;
    }

    /** {@code work} once the caller may use {@code model} (a tenant token: only models of its bundle). */
    private <T> Uni<T> forCaller(String model, java.util.function.Supplier<Uni<T>> work) {
        return CallerContext.emitOnCaller(tenants.requireSubscribed(Caller.of(identity), model).flatMap(ok -> work.get()));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public Map<String, Object> server() {
        return Map.of("name", "rtml-inference", "version", serverVersion, "extensions", List.of());
    }

    @GET
    @Path("/health/live")
    @PermitAll
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/health/ready")
    @PermitAll
    public Response ready() {
        boolean ready = models.pinnedReady();
        return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).build();
    }

    @GET
    @Path("/models/{model}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public Uni<ModelMetadata> metadata(@PathParam("model") String model) {
        return forCaller(model, () -> descriptions.metadata(model, null));
    }

    @GET
    @Path("/models/{model}/versions/{version}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public Uni<ModelMetadata> metadata(@PathParam("model") String model, @PathParam("version") String version) {
        return forCaller(model, () -> descriptions.metadata(model, parse(version)));
    }

    @GET
    @Path("/models/{model}/ready")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public Uni<Response> modelReady(@PathParam("model") String model) {
        return forCaller(model, () -> readiness(models.champion(model), model));
    }

    @GET
    @Path("/models/{model}/versions/{version}/ready")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public Uni<Response> versionReady(@PathParam("model") String model, @PathParam("version") String version) {
        return forCaller(model, () -> readiness(models.version(model, parse(version)), model));
    }

    @POST
    @Path("/models/{model}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public Uni<InferResponse> infer(@PathParam("model") String model, InferRequest request) {
        return forCaller(model, () -> predictions.infer(model, null, request));
    }

    @POST
    @Path("/models/{model}/versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public Uni<InferResponse> infer(@PathParam("model") String model, @PathParam("version") String version,
                                    InferRequest request) {
        return forCaller(model, () -> predictions.infer(model, parse(version), request));
    }

    private static Uni<Response> readiness(Uni<LoadedModel> load, String model) {
        return CallerContext.emitOnCaller(load).map(l -> Response.ok(Map.of("name", model, "ready", true)).build())
                .onFailure(e -> !(e instanceof ApiException api && api.status() == 404)).recoverWithItem(e -> Response.status(503)
                        .entity(Map.of("name", model, "ready", false, "error", String.valueOf(e.getMessage()))).build());
    }

    private static int parse(String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("model version must be a whole number, got '" + version + "'");
        }
    }
}
