package io.rtml.registry.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.rtml.common.security.Caller;
import io.rtml.contracts.security.Roles;
import io.rtml.registry.service.AliasService;
import io.rtml.registry.service.ModelService;
import io.rtml.registry.service.SubscriptionService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** Models, their aliases, rollback, audit log and subscribers. Who may call what: the README's roles table. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ModelService models;
    private final AliasService aliases;
    private final SubscriptionService subscriptions;
    private final SecurityIdentity identity;

    public ModelResource(ModelService models, AliasService aliases, SubscriptionService subscriptions,
                         SecurityIdentity identity) {
        this.models = models;
        this.aliases = aliases;
        this.subscriptions = subscriptions;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST})
    public Uni<Response> create(@NotNull @Valid CreateModelRequest request) {
        return models.create(request, Caller.of(identity).subject())
                .map(m -> Response.created(URI.create("/api/v1/models/" + m.name())).entity(m).build());
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<List<ModelView>> list(@QueryParam("industry") String industry,
                                     @QueryParam("ingestionMode") String ingestionMode,
                                     @QueryParam("tag") String tag,
                                     @QueryParam("q") String text,
                                     @BeanParam CatalogQuery query) {
        return models.list(industry, CatalogQuery.ingestionMode(ingestionMode), tag, text, query.filter());
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<ModelView> get(@PathParam("name") String name) {
        return models.get(name);
    }

    @GET
    @Path("/{name}/aliases")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<Map<String, Integer>> aliases(@PathParam("name") String name) {
        return aliases.list(name);
    }

    /** Points an alias at a version; for {@code champion} the validation gate runs first (409 on failure). */
    /** Declares the model's KPI and/or fallback policy (audited as {@code kpi-set}); 400 names each wrong field. */
    @PATCH
    @Path("/{name}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST})
    public Uni<ModelView> declare(@PathParam("name") String name, BusinessPolicyRequest request) {
        return models.declare(name, request, Caller.of(identity).subject());
    }

    @PUT
    @Path("/{name}/aliases/{alias}")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public Uni<AliasView> setAlias(@PathParam("name") String name, @PathParam("alias") String alias,
                                   @NotNull @Valid SetAliasRequest request) {
        return aliases.setAlias(name, alias, request, Caller.of(identity).subject());
    }

    /** Operators, and the monitor's rollback action (role {@code service}). */
    @POST
    @Path("/{name}/rollback")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.SERVICE})
    public Uni<AliasView> rollback(@PathParam("name") String name, @Valid RollbackRequest request) {
        return aliases.rollback(name, request, Caller.of(identity).subject());
    }

    /** Tenants subscribed to the model, in tenant id order, {@code page} from 0, {@code size} 1-1000 (default 100). */
    @GET
    @Path("/{name}/subscribers")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<PageView<SubscriberView>> subscribers(@PathParam("name") String name,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(TenantResource.DEFAULT_PAGE_SIZE) @Min(1) @Max(TenantResource.MAX_PAGE_SIZE) int size) {
        return subscriptions.subscribers(name, page, size);
    }

    @GET
    @Path("/{name}/audit")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR})
    public Uni<List<AuditEntry>> audit(@PathParam("name") String name) {
        return aliases.audit(name);
    }
}
