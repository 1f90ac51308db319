package io.rtml.features.rest;

import io.rtml.contracts.security.Roles;
import io.rtml.features.service.EntityService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Entities: the kinds of things feature views describe. */
@Path("/api/v1/entities")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EntityResource {

    private final EntityService entities;

    public EntityResource(EntityService entities) {
        this.entities = entities;
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST})
    public Uni<Response> create(@NotNull @Valid CreateEntityRequest request) {
        return entities.create(request).map(e -> Response.status(Response.Status.CREATED).entity(e).build());
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<List<EntityView>> list() {
        return entities.list();
    }
}
