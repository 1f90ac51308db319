package io.rtml.monitor.rest;

import io.rtml.contracts.security.Roles;
import io.rtml.monitor.service.CatalogueService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * The MLOps page's catalogue of models (one model's overview is {@code MonitorResource}'s, under its path). The
 * caller's bearer token is passed on to the registry, so what the registry lets that role see is what the page shows.
 * Its own full path: two root resources on one path ({@code /api/v1} is {@code AlertResource}'s) would leave the
 * request to whichever class the router picked first, and the other's endpoints answering 404.
 */
@Path("/api/v1/catalogue")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogueResource {

    private final CatalogueService catalogue;

    public CatalogueResource(CatalogueService catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<CatalogueView> catalogue(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                        @QueryParam("industry") String industry, @QueryParam("mode") String mode,
                                        @QueryParam("tenant") String tenant, @QueryParam("status") String status,
                                        @QueryParam("sort") String sort, @QueryParam("order") String order) {
        return catalogue.catalogue(authorization, new CatalogueService.Query(industry, mode, tenant, status, sort, order));
    }
}
