package io.rtml.monitor.rest;

import io.rtml.contracts.security.Roles;
import io.rtml.monitor.service.CatalogueService;
import io.rtml.monitor.service.ConceptDriftService;
import io.rtml.monitor.service.ReportService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Reports per model version over {@code [from, to)} (ISO-8601 instants; default the last 15 minutes)
 * for {@code version} (default the model's champion, as the registry names it) or {@code route}
 * ({@code champion} or {@code challenger}: the version serving that side of the model's route now), so the
 * two sides of a canary or shadow test can be read over the same window side by side.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class MonitorResource {

    private final ReportService reports;
    private final ConceptDriftService concept;
    private final CatalogueService catalogue;

    public MonitorResource(ReportService reports, ConceptDriftService concept, CatalogueService catalogue) {
        this.reports = reports;
        this.concept = concept;
        this.catalogue = catalogue;
    }

    /** The MLOps page's model view: the registry's facts (read with the caller's token) and this monitor's traffic. */
    @GET
    @Path("/{model}/overview")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<ModelOverview> overview(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                       @PathParam("model") String model) {
        return catalogue.overview(authorization, model);
    }

    /** Model versions the monitor has seen predictions of. */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<List<MonitoredVersionView>> versions() {
        return reports.versions();
    }

    @GET
    @Path("/{model}/drift")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<DriftReport> drift(@PathParam("model") String model, @QueryParam("version") String version,
                                  @QueryParam("route") String route,
                                  @QueryParam("from") String from, @QueryParam("to") String to) {
        return reports.window(model, version, route, from, to).map(reports::drift);
    }

    @GET
    @Path("/{model}/quality")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<QualityReport> quality(@PathParam("model") String model, @QueryParam("version") String version,
                                      @QueryParam("route") String route,
                                      @QueryParam("from") String from, @QueryParam("to") String to) {
        return reports.window(model, version, route, from, to).map(reports::quality);
    }

    @GET
    @Path("/{model}/concept-drift")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<ConceptDriftReport> conceptDrift(@PathParam("model") String model, @QueryParam("version") String version) {
        return reports.window(model, version, null, null)
                .map(w -> concept.report(w.version().model(), w.version().version()));
    }

    @GET
    @Path("/{model}/performance")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<PerformanceReport> performance(@PathParam("model") String model, @QueryParam("version") String version,
                                              @QueryParam("route") String route,
                                              @QueryParam("from") String from, @QueryParam("to") String to) {
        return reports.window(model, version, route, from, to).map(reports::performance);
    }
}
