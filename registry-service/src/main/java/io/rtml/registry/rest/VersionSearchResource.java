package io.rtml.registry.rest;

import io.rtml.contracts.security.Roles;
import io.rtml.registry.service.VersionService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Versions across the catalogue by data-card facts, alias and resiliency ({@link CatalogQuery}). */
@Path("/api/v1/versions")
@Produces(MediaType.APPLICATION_JSON)
public class VersionSearchResource {

    private final VersionService versions;

    public VersionSearchResource(VersionService versions) {
        this.versions = versions;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<List<VersionView>> search(@BeanParam CatalogQuery query, @QueryParam("model") String model,
                                         @QueryParam("includeArchived") @DefaultValue("false") boolean includeArchived) {
        return versions.search(query.filter(), model == null || model.isBlank() ? null : model, includeArchived);
    }
}
