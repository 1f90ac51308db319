package io.rtml.inference.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.rtml.common.reactive.CallerContext;
import io.rtml.common.security.Caller;
import io.rtml.contracts.security.Roles;
import io.rtml.inference.service.LoadedModel;
import io.rtml.inference.service.ModelManager;
import io.rtml.inference.service.PredictionService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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
    private final SecurityIdentity identity;

    public PredictResource(PredictionService predictions, ModelManager models, SecurityIdentity identity) {
        this.predictions = predictions;
        this.models = models;
        this.identity = identity;
    }

    @POST
    @Path("/predict/{model}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public Uni<PredictResponse> predict(@PathParam("model") String model, PredictRequest request) {
        Caller caller = Caller.of(identity);
        // A tenant token predicts for its own tenant: a tenant named in the body is ignored.
        PredictRequest asked = request != null && caller.tenantScoped() ? request.forTenant(caller.ownTenant()) : request;
        // The tenant's bundle is checked by predict itself, for every caller that names a tenant.
        // Scoring runs on the worker pool: answer on the request's context so its 4xx stays a 4xx.
        return CallerContext.emitOnCaller(predictions.predict(model, asked));
    }

    /**
     * Every model of the tenant's bundle for every instance, in one call with one feature-store read; a tenant
     * token may ask only for its own tenant (403 for any other).
     */
    @POST
    @Path("/tenants/{tenant}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public Uni<BundleResponse> predictBundle(@PathParam("tenant") String tenant, PredictRequest request) {
        Caller.of(identity).requireTenant(tenant);
        return CallerContext.emitOnCaller(predictions.predictBundle(tenant, request));
    }

    @GET
    @Path("/models")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
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
