package io.rtml.features.rest;

import io.rtml.contracts.security.Roles;
import io.rtml.features.service.FeatureReadService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Feature reads: online (latest values, the inference hot path) and historical (point in time, for training). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FeatureReadResource {

    private final FeatureReadService reads;

    public FeatureReadResource(FeatureReadService reads) {
        this.reads = reads;
    }

    @POST
    @Path("/online-features")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.SERVICE})
    public Uni<OnlineFeaturesResponse> online(@NotNull OnlineFeaturesRequest request) {
        return reads.online(request);
    }

    @POST
    @Path("/historical-features")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST})
    public Uni<HistoricalFeaturesResponse> historical(@NotNull HistoricalFeaturesRequest request) {
        return reads.historical(request);
    }
}
