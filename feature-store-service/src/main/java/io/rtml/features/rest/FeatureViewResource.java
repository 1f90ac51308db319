package io.rtml.features.rest;

import io.rtml.contracts.security.Roles;
import io.rtml.features.service.FeatureViewService;
import io.rtml.features.service.IngestionService;
import io.rtml.features.service.ViewStatisticsService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** Feature views: definitions, batch ingestion, freshness and statistics. */
@Path("/api/v1/feature-views")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FeatureViewResource {

    private final FeatureViewService views;
    private final IngestionService ingestion;
    private final ViewStatisticsService statistics;

    public FeatureViewResource(FeatureViewService views, IngestionService ingestion, ViewStatisticsService statistics) {
        this.views = views;
        this.ingestion = ingestion;
        this.statistics = statistics;
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST})
    public Uni<Response> create(@NotNull @Valid CreateFeatureViewRequest request) {
        return views.create(request)
                .map(v -> Response.created(URI.create("/api/v1/feature-views/" + v.name())).entity(v).build());
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<List<FeatureViewDescription>> list() {
        return views.list();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<FeatureViewDescription> get(@PathParam("name") String name) {
        return views.describe(name);
    }

    /** Upserts rows (all or none): latest values per entity for online reads, and the history. */
    @POST
    @Path("/{name}/rows")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.SERVICE})
    public Uni<IngestResult> ingest(@PathParam("name") String name, @NotNull IngestRequest request) {
        return ingestion.ingest(name, request);
    }

    @GET
    @Path("/{name}/freshness")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<Freshness> freshness(@PathParam("name") String name) {
        return statistics.freshness(name);
    }

    @GET
    @Path("/{name}/stats")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<ViewStatistics> stats(@PathParam("name") String name) {
        return statistics.statistics(name);
    }
}
