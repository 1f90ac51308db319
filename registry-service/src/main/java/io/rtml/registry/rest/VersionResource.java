package io.rtml.registry.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.rtml.common.rest.ApiException;
import io.rtml.common.security.Caller;
import io.rtml.contracts.security.Roles;
import io.rtml.registry.service.VersionService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.net.URI;
import java.util.List;

/** Versions of a model: register (multipart), list, get, download the artifact, archive. */
@Path("/api/v1/models/{name}/versions")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {

    private final VersionService versions;
    private final Vertx vertx;
    private final SecurityIdentity identity;

    public VersionResource(VersionService versions, Vertx vertx, SecurityIdentity identity) {
        this.versions = versions;
        this.vertx = vertx;
        this.identity = identity;
    }

    /**
     * Multipart form: {@code artifact} (the model file) and {@code metadata} (JSON, see
     * {@link VersionMetadata}). Answers 201 with the new version.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST})
    public Uni<Response> register(@PathParam("name") String name,
                                  @RestForm("artifact") FileUpload artifact,
                                  @RestForm("metadata") String metadata) {
        if (artifact == null) {
            throw ApiException.badRequest("Multipart part 'artifact' (the model file) is required");
        }
        return vertx.fileSystem().readFile(artifact.uploadedFile().toString())
                .flatMap(buffer -> versions.register(name, metadata, buffer.getBytes(), Caller.of(identity).subject()))
                .map(v -> Response.created(URI.create("/api/v1/models/" + name + "/versions/" + v.version()))
                        .entity(v).build());
    }

    /** Every version; {@code includeArchived=false} leaves archived ones out. */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<List<VersionView>> list(@PathParam("name") String name,
                                       @QueryParam("includeArchived") @DefaultValue("true") boolean includeArchived) {
        return versions.list(name, includeArchived);
    }

    /** Archives a version: 409 while an alias points at it or when it is archived already. */
    @POST
    @Path("/{version}/archive")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<VersionView> archive(@PathParam("name") String name, @PathParam("version") int version,
                                    @Valid ArchiveRequest request) {
        return versions.archive(name, version, request, Caller.of(identity).subject());
    }

    @GET
    @Path("/{version}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<VersionView> get(@PathParam("name") String name, @PathParam("version") int version) {
        return versions.get(name, version);
    }

    /** The artifact bytes; ETag is the sha256, so {@code If-None-Match} answers 304 when unchanged. */
    @GET
    @Path("/{version}/artifact")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> artifact(@PathParam("name") String name, @PathParam("version") int version,
                                  @HeaderParam("If-None-Match") String ifNoneMatch) {
        return versions.artifact(name, version).map(a -> {
            EntityTag tag = new EntityTag(a.sha256());
            if (ifNoneMatch != null && ifNoneMatch.replace("\"", "").trim().equals(a.sha256())) {
                return Response.notModified(tag).build();
            }
            return Response.ok(a.content())
                    .tag(tag)
                    .header("X-Checksum-Sha256", a.sha256())
                    .header("Content-Disposition", "attachment; filename=\"" + name + "-" + version + ".model\"")
                    .build();
        });
    }
}
