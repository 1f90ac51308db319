package io.rtml.monitor.rest;

import io.rtml.contracts.security.Roles;
import io.rtml.monitor.service.AlertRuleService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.util.List;

/** Alert rules ({@code /api/v1/alert-rules}) and the alerts they fired ({@code /api/v1/alerts}). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private final AlertRuleService service;

    public AlertResource(AlertRuleService service) {
        this.service = service;
    }

    @POST
    @Path("/alert-rules")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Uni<Response> create(AlertRuleRequest request) {
        return service.create(request).map(rule -> Response
                .created(UriBuilder.fromPath("/api/v1/alert-rules/{name}").build(rule.name()))
                .entity(rule).build());
    }

    @GET
    @Path("/alert-rules")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<List<AlertRuleView>> rules() {
        return service.list();
    }

    @GET
    @Path("/alert-rules/{name}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<AlertRuleView> rule(@PathParam("name") String name) {
        return service.get(name);
    }

    @DELETE
    @Path("/alert-rules/{name}")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Uni<Response> delete(@PathParam("name") String name) {
        return service.delete(name).map(ignored -> Response.noContent().build());
    }

    /** Fired alerts, newest first. */
    @GET
    @Path("/alerts")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<List<AlertView>> alerts(@QueryParam("model") String model, @QueryParam("limit") String limit) {
        return service.alerts(model, limit);
    }
}
