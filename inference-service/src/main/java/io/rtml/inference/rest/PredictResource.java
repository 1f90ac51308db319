package io.rtml.inference.rest;

import io.rtml.common.reactive.CallerContext;
import io.rtml.inference.service.LoadedModel;
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

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** rtml's own API: predict by entity key with feature-store enrichment, and what is loaded. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PredictResource {

    private final PredictionService predictions;
    private final ModelManager models;

    public PredictResource(PredictionService predictions, ModelManager models) {
        this.predictions = predictions;
        this.models = models;
    }

    @POST
    @Path("/predict/{model}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<PredictResponse> predict(@PathParam("model") String model, PredictRequest request) {
        // Scoring runs on the worker pool: answer on the request's context so its 4xx stays a 4xx.
        return CallerContext.emitOnCaller(predictions.predict(model, request));
    }

    @GET
    @Path("/models")
    public List<ServingModel> serving() {
        return models.champions().stream()
                .sorted(Comparator.comparing(LoadedModel::model))
                .map(l -> new ServingModel(l.model(), l.version(), l.sha256(), l.runtime().format(),
                        l.runtime().device(), l.loadedAt()))
                .toList();
    }

    /** A champion in memory. */
    public record ServingModel(String model, int version, String sha256, String format, String device, Instant loadedAt) {
    }
}
