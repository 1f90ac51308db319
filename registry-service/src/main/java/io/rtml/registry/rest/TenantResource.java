package io.rtml.registry.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.rtml.common.security.Caller;
import io.rtml.contracts.security.Roles;
import io.rtml.registry.service.SubscriptionService;
import io.rtml.registry.service.TenantService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

/** Tenants (the email platform's client accounts) and the models each subscribes to. */
@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource {

    public static final String DEFAULT_PAGE_SIZE = "100";
    public static final int MAX_PAGE_SIZE = 1000;

    private final TenantService tenants;
    private final SubscriptionService subscriptions;
    private final SecurityIdentity identity;

    public TenantResource(TenantService tenants, SubscriptionService subscriptions, SecurityIdentity identity) {
        this.tenants = tenants;
        this.subscriptions = subscriptions;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@NotNull @Valid CreateTenantRequest request) {
        return tenants.create(request)
                .map(t -> Response.created(URI.create("/api/v1/tenants/" + t.id())).entity(t).build());
    }

    /** Tenants in id order, {@code page} from 0, {@code size} 1-1000 (default 100). */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<PageView<TenantView>> list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                          @QueryParam("size") @DefaultValue(DEFAULT_PAGE_SIZE) @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        return tenants.list(page, size);
    }

    /** A tenant token reads only its own tenant (403 for any other). */
    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public Uni<TenantView> get(@PathParam("id") String id) {
        Caller.of(identity).requireTenant(id);
        return tenants.get(id);
    }

    /** The tenant's bundle; a tenant token reads only its own (403 for any other). */
    @GET
    @Path("/{id}/subscriptions")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public Uni<List<SubscriptionView>> subscriptions(@PathParam("id") String id) {
        Caller.of(identity).requireTenant(id);
        return subscriptions.list(id);
    }

    /** Replaces the tenant's whole bundle in one transaction; unknown model names refuse it (400). */
    @PUT
    @Path("/{id}/subscriptions")
    @RolesAllowed(Roles.ADMIN)
    public Uni<List<SubscriptionView>> replace(@PathParam("id") String id,
                                               @NotNull @Valid ReplaceSubscriptionsRequest request) {
        return subscriptions.replace(id, request.models(), Caller.of(identity).subject());
    }

    /** Subscribes to a model, following {@code alias} (champion when the body or alias is absent). */
    @PUT
    @Path("/{id}/subscriptions/{model}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<SubscriptionView> subscribe(@PathParam("id") String id, @PathParam("model") String model,
                                           @Valid SubscribeRequest request) {
        return subscriptions.subscribe(id, model, request == null ? null : request.alias(), Caller.of(identity).subject());
    }

    @DELETE
    @Path("/{id}/subscriptions/{model}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> unsubscribe(@PathParam("id") String id, @PathParam("model") String model) {
        return subscriptions.unsubscribe(id, model, Caller.of(identity).subject()).map(ignored -> Response.noContent().build());
    }
}
