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
        return Map.of("name", "rtml-inference", "version", serverVersion, "extensions", List.of("model_repository"));
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

    /** Triton's repository index: {@code ready: true} lists only the versions resident and ready now. */
    @POST
    @Path("/repository/index")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public List<ModelManager.RepositoryEntry> repositoryIndex(Map<String, Object> body) {
        Object ready = body == null ? null : body.get("ready");
        if (ready != null && !(ready instanceof Boolean)) {
            throw ApiException.badRequest("ready must be true or false, got " + ready);
        }
        return models.index().stream().filter(e -> !Boolean.TRUE.equals(ready) || "READY".equals(e.state())).toList();
    }

    @GET
    @Path("/repository/index")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public List<ModelManager.RepositoryEntry> repositoryIndex() {
        return models.index();
    }

    /**
     * Triton's explicit load: the model's champion becomes resident now (it counts as just used, and is
     * evicted under the budget like any unpinned version). Models come from the registry only, so a body
     * carrying a config or model files is refused.
     */
    @POST
    @Path("/repository/models/{model}/load")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Uni<ModelManager.RepositoryEntry> load(@PathParam("model") String model, Map<String, Object> body) {
        if (body != null && body.get("parameters") instanceof Map<?, ?> parameters && !parameters.isEmpty()) {
            throw ApiException.badRequest("rtml loads models from the registry; parameters " + parameters.keySet()
                    + " are not taken: register a version and set its champion alias instead");
        }
        return CallerContext.emitOnCaller(models.load(model)).map(l -> new ModelManager.RepositoryEntry(l.model(),
                Integer.toString(l.version()), "READY", "", l.residentBytes()));
    }

    /** Triton's explicit unload: every resident version of the model leaves memory; 409 for a pinned model. */
    @POST
    @Path("/repository/models/{model}/unload")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Map<String, Object> unload(@PathParam("model") String model, Map<String, Object> body) {
        List<String> versions = models.unload(model).stream().map(l -> Integer.toString(l.version())).toList();
        return Map.of("name", model, "unloaded_versions", versions);
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
