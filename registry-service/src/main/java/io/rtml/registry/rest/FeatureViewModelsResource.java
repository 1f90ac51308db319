package io.rtml.registry.rest;

import io.rtml.contracts.security.Roles;
import io.rtml.registry.service.VersionService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Lineage from the feature side: the versions that read a feature view, answered by the registry (it keeps
 * each version's featureRefs as resolved at registration), so a change to a view shows what it touches.
 */
@Path("/api/v1/feature-views/{name}/models")
@Produces(MediaType.APPLICATION_JSON)
public class FeatureViewModelsResource {

    private final VersionService versions;

    public FeatureViewModelsResource(VersionService versions) {
        this.versions = versions;
    }

    /** Every version that reads the view (archived ones too, marked), by model and version; empty when none. */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<List<FeatureViewReader>> readers(@PathParam("name") String name) {
        return versions.readersOf(name);
    }
}
