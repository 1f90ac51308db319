package io.rtml.inference.rest;

import io.rtml.common.reactive.CallerContext;
import io.rtml.common.rest.ApiException;
import io.rtml.inference.service.LoadedModel;
import io.rtml.inference.service.ModelDescriptions;
import io.rtml.inference.service.ModelManager;
import io.rtml.inference.service.PredictionService;
import io.smallrye.mutiny.Uni;
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

    public OpenInferenceResource(ModelManager models, ModelDescriptions descriptions, PredictionService predictions,
                                 @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.models = models;
        this.descriptions = descriptions;
        this.predictions = predictions;
        this.serverVersion = version;
    }

    @GET
    public Map<String, Object> server() {
        return Map.of("name", "rtml-inference", "version", serverVersion, "extensions", List.of());
    }

    @GET
    @Path("/health/live")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/health/ready")
    public Response ready() {
        boolean ready = models.pinnedReady();
        return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).build();
    }

    @GET
    @Path("/models/{model}")
    public Uni<ModelMetadata> metadata(@PathParam("model") String model) {
        return CallerContext.emitOnCaller(descriptions.metadata(model, null));
    }

    @GET
    @Path("/models/{model}/versions/{version}")
    public Uni<ModelMetadata> metadata(@PathParam("model") String model, @PathParam("version") String version) {
        return CallerContext.emitOnCaller(descriptions.metadata(model, parse(version)));
    }

    @GET
    @Path("/models/{model}/ready")
    public Uni<Response> modelReady(@PathParam("model") String model) {
        return readiness(models.champion(model), model);
    }

    @GET
    @Path("/models/{model}/versions/{version}/ready")
    public Uni<Response> versionReady(@PathParam("model") String model, @PathParam("version") String version) {
        return readiness(models.version(model, parse(version)), model);
    }

    @POST
    @Path("/models/{model}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<InferResponse> infer(@PathParam("model") String model, InferRequest request) {
        return CallerContext.emitOnCaller(predictions.infer(model, null, request));
    }

    @POST
    @Path("/models/{model}/versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<InferResponse> infer(@PathParam("model") String model, @PathParam("version") String version,
                                    InferRequest request) {
        return CallerContext.emitOnCaller(predictions.infer(model, parse(version), request));
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
