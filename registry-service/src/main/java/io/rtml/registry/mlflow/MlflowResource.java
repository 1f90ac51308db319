package io.rtml.registry.mlflow;

import io.quarkus.security.identity.SecurityIdentity;
import io.rtml.common.rest.ApiException;
import io.rtml.common.security.Caller;
import io.rtml.contracts.security.Roles;
import io.rtml.registry.mlflow.MlflowShapes.ModelVersionResponse;
import io.rtml.registry.mlflow.MlflowShapes.ModelVersionsResponse;
import io.rtml.registry.mlflow.MlflowShapes.RegisteredModelResponse;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/**
 * MLflow's Model Registry REST API, the calls MLflow clients make to register a model, add versions, set
 * aliases and find versions (the mapping: {@link MlflowService} and the README). Roles are those of the
 * rtml endpoint each call maps onto, so speaking MLflow grants nothing more. Errors are MLflow's
 * {@code {"error_code", "message"}}, with rtml's status codes.
 */
@Path("/api/2.0/mlflow")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MlflowResource {

    private final MlflowService mlflow;
    private final SecurityIdentity identity;

    public MlflowResource(MlflowService mlflow, SecurityIdentity identity) {
        this.mlflow = mlflow;
        this.identity = identity;
    }

    @POST
    @Path("/registered-models/create")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST})
    public Uni<RegisteredModelResponse> createRegisteredModel(MlflowShapes.CreateRegisteredModel request) {
        return mlflow.createRegisteredModel(request).map(RegisteredModelResponse::new);
    }

    @GET
    @Path("/registered-models/get")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<RegisteredModelResponse> getRegisteredModel(@QueryParam("name") String name) {
        return mlflow.getRegisteredModel(name).map(RegisteredModelResponse::new);
    }

    @GET
    @Path("/registered-models/search")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<MlflowShapes.RegisteredModelsResponse> searchRegisteredModels(@QueryParam("filter") String filter,
            @QueryParam("max_results") @DefaultValue("100") int maxResults) {
        return mlflow.searchRegisteredModels(filter, bounded(maxResults)).map(MlflowShapes.RegisteredModelsResponse::new);
    }

    @POST
    @Path("/registered-models/set-tag")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST})
    public Uni<Map<String, Object>> setRegisteredModelTag(MlflowShapes.SetTag request) {
        return mlflow.setRegisteredModelTag(request).map(ignored -> Map.of());
    }

    @POST
    @Path("/registered-models/alias")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Uni<Map<String, Object>> setAlias(MlflowShapes.SetAlias request) {
        return mlflow.setAlias(request, Caller.of(identity).subject()).map(ignored -> Map.of());
    }

    @GET
    @Path("/registered-models/alias")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<ModelVersionResponse> versionByAlias(@QueryParam("name") String name, @QueryParam("alias") String alias) {
        return mlflow.versionByAlias(name, alias).map(ModelVersionResponse::new);
    }

    /** The Java client sends GET with query parameters, the Python client POST with a body. */
    @GET
    @Path("/registered-models/get-latest-versions")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<ModelVersionsResponse> latestVersions(@QueryParam("name") String name, @QueryParam("stages") List<String> stages) {
        return mlflow.latestVersions(name, stages).map(ModelVersionsResponse::new);
    }

    @POST
    @Path("/registered-models/get-latest-versions")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<ModelVersionsResponse> latestVersions(MlflowShapes.GetLatestVersions request) {
        return mlflow.latestVersions(request == null ? null : request.name(), request == null ? null : request.stages())
                .map(ModelVersionsResponse::new);
    }

    @POST
    @Path("/model-versions/create")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST})
    public Uni<ModelVersionResponse> createModelVersion(MlflowShapes.CreateModelVersion request) {
        return mlflow.createModelVersion(request, Caller.of(identity).subject()).map(ModelVersionResponse::new);
    }

    @GET
    @Path("/model-versions/get")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<ModelVersionResponse> getModelVersion(@QueryParam("name") String name, @QueryParam("version") String version) {
        return mlflow.getModelVersion(name, version).map(ModelVersionResponse::new);
    }

    @GET
    @Path("/model-versions/search")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<ModelVersionsResponse> searchModelVersions(@QueryParam("filter") String filter,
            @QueryParam("max_results") @DefaultValue("1000") int maxResults) {
        return mlflow.searchModelVersions(filter, bounded(maxResults)).map(ModelVersionsResponse::new);
    }

    @GET
    @Path("/model-versions/get-download-uri")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<MlflowShapes.DownloadUri> downloadUri(@QueryParam("name") String name, @QueryParam("version") String version,
                                                     @Context UriInfo uri) {
        return mlflow.downloadUri(name, version, uri.getBaseUri().toString()).map(MlflowShapes.DownloadUri::new);
    }

    @POST
    @Path("/model-versions/transition-stage")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Uni<ModelVersionResponse> transitionStage(MlflowShapes.TransitionStage request) {
        return mlflow.transitionStage(request, Caller.of(identity).subject()).map(ModelVersionResponse::new);
    }

    /** rtml versions are immutable: their tags are the ones given at creation. */
    @PATCH
    @Path("/model-versions/update")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST})
    public Response updateModelVersion() {
        throw ApiException.badRequest("Model versions are immutable in rtml: description and tags are set when the version is created");
    }

    @POST
    @Path("/model-versions/set-tag")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST})
    public Response setModelVersionTag() {
        throw ApiException.badRequest("Model versions are immutable in rtml: tags are set when the version is created");
    }

    /** Failures of this resource in MLflow's error shape, so MLflow clients report them as they would MLflow's. */
    @ServerExceptionMapper
    public Response error(ApiException e) {
        String code = switch (e.status()) {
            case 400 -> "INVALID_PARAMETER_VALUE";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "RESOURCE_DOES_NOT_EXIST";
            case 409 -> e.getMessage().contains("already exists") ? "RESOURCE_ALREADY_EXISTS" : "INVALID_STATE";
            case 503 -> "TEMPORARILY_UNAVAILABLE";
            default -> "INTERNAL_ERROR";
        };
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new MlflowShapes.Error(code, e.getMessage()));
        if (e.retryAfterSeconds() > 0) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        return response.build();
    }

    private static int bounded(int maxResults) {
        if (maxResults < 1 || maxResults > 10_000) {
            throw ApiException.badRequest("max_results must be 1-10000, not " + maxResults);
        }
        return maxResults;
    }
}
