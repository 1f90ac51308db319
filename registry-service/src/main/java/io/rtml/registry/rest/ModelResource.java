package io.rtml.registry.rest;

import io.rtml.registry.service.AliasService;
import io.rtml.registry.service.ModelService;
import io.rtml.registry.service.SubscriptionService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

/** Models, their aliases, rollback, audit log and subscribers. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ModelService models;
    private final AliasService aliases;
    private final SubscriptionService subscriptions;

    public ModelResource(ModelService models, AliasService aliases, SubscriptionService subscriptions) {
        this.models = models;
        this.aliases = aliases;
        this.subscriptions = subscriptions;
    }

    @POST
    public Uni<Response> create(@NotNull @Valid CreateModelRequest request) {
        return models.create(request)
                .map(m -> Response.created(URI.create("/api/v1/models/" + m.name())).entity(m).build());
    }

    @GET
    public Uni<List<ModelView>> list(@QueryParam("industry") String industry,
                                     @QueryParam("ingestionMode") String ingestionMode,
                                     @QueryParam("tag") String tag,
                                     @QueryParam("q") String text) {
        return models.list(industry, ingestionMode, tag, text);
    }

    @GET
    @Path("/{name}")
    public Uni<ModelView> get(@PathParam("name") String name) {
        return models.get(name);
    }

    @GET
    @Path("/{name}/aliases")
    public Uni<Map<String, Integer>> aliases(@PathParam("name") String name) {
        return aliases.list(name);
    }

    /** Points an alias at a version; for {@code champion} the validation gate runs first (409 on failure). */
    @PUT
    @Path("/{name}/aliases/{alias}")
    public Uni<AliasView> setAlias(@PathParam("name") String name, @PathParam("alias") String alias,
                                   @NotNull @Valid SetAliasRequest request) {
        return aliases.setAlias(name, alias, request);
    }

    @POST
    @Path("/{name}/rollback")
    public Uni<AliasView> rollback(@PathParam("name") String name, @Valid RollbackRequest request) {
        return aliases.rollback(name, request);
    }

    /** Tenants subscribed to the model, in tenant id order, {@code page} from 0, {@code size} 1-1000 (default 100). */
    @GET
    @Path("/{name}/subscribers")
    public Uni<PageView<SubscriberView>> subscribers(@PathParam("name") String name,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(TenantResource.DEFAULT_PAGE_SIZE) @Min(1) @Max(TenantResource.MAX_PAGE_SIZE) int size) {
        return subscriptions.subscribers(name, page, size);
    }

    @GET
    @Path("/{name}/audit")
    public Uni<List<AuditEntry>> audit(@PathParam("name") String name) {
        return aliases.audit(name);
    }
}
