package io.rtml.inference.routing;

import io.rtml.contracts.inference.RoutePolicy;
import io.rtml.contracts.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What this replica applies now: {@code GET /api/v1/routes/{model}} (the registry keeps the policy itself). */
@Path("/api/v1/routes")
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

    private final RouteTable routes;

    public RouteResource(RouteTable routes) {
        this.routes = routes;
    }

    @GET
    @Path("/{model}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public RoutePolicy route(@PathParam("model") String model) {
        return routes.current(model);
    }
}
