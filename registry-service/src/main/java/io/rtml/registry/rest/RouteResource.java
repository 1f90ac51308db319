package io.rtml.registry.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.rtml.common.security.Caller;
import io.rtml.contracts.inference.RoutePolicy;
import io.rtml.contracts.security.Roles;
import io.rtml.registry.service.RouteService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A model's champion/challenger route, which every inference replica reads (and follows on
 * {@code route-set} events). Who may call what: the README's roles table.
 */
@Path("/api/v1/models/{name}/route")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RouteResource {

    private final RouteService routes;
    private final SecurityIdentity identity;

    public RouteResource(RouteService routes, SecurityIdentity identity) {
        this.routes = routes;
        this.identity = identity;
    }

    /** The stored route, or mode {@code off} when none was set. */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<RoutePolicy> get(@PathParam("name") String name) {
        return routes.get(name);
    }

    /** Sets the challenger, mode and split; the challenger passes the gate's compatibility checks first (409). */
    @PUT
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Uni<RoutePolicy> set(@PathParam("name") String name, @NotNull SetRouteRequest request) {
        return routes.set(name, request, Caller.of(identity).subject());
    }

    /** The challenger becomes champion through the full validation gate, and the route turns off. */
    @POST
    @Path("/promote")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Uni<AliasView> promote(@PathParam("name") String name) {
        return routes.promote(name, Caller.of(identity).subject());
    }

    /** Operators, and the monitor's abort action (role {@code service}). */
    @POST
    @Path("/abort")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.SERVICE})
    public Uni<RoutePolicy> abort(@PathParam("name") String name, @Valid AbortRouteRequest request) {
        return routes.abort(name, request, Caller.of(identity).subject());
    }
}
