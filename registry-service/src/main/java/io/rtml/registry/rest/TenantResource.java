package io.rtml.registry.rest;

import io.rtml.registry.service.SubscriptionService;
import io.rtml.registry.service.TenantService;
import io.smallrye.mutiny.Uni;
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

    public TenantResource(TenantService tenants, SubscriptionService subscriptions) {
        this.tenants = tenants;
        this.subscriptions = subscriptions;
    }

    @POST
    public Uni<Response> create(@NotNull @Valid CreateTenantRequest request) {
        return tenants.create(request)
                .map(t -> Response.created(URI.create("/api/v1/tenants/" + t.id())).entity(t).build());
    }

    /** Tenants in id order, {@code page} from 0, {@code size} 1-1000 (default 100). */
    @GET
    public Uni<PageView<TenantView>> list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                          @QueryParam("size") @DefaultValue(DEFAULT_PAGE_SIZE) @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        return tenants.list(page, size);
    }

    @GET
    @Path("/{id}")
    public Uni<TenantView> get(@PathParam("id") String id) {
        return tenants.get(id);
    }

    @GET
    @Path("/{id}/subscriptions")
    public Uni<List<SubscriptionView>> subscriptions(@PathParam("id") String id) {
        return subscriptions.list(id);
    }

    /** Replaces the tenant's whole bundle in one transaction; unknown model names refuse it (400). */
    @PUT
    @Path("/{id}/subscriptions")
    public Uni<List<SubscriptionView>> replace(@PathParam("id") String id,
                                               @NotNull @Valid ReplaceSubscriptionsRequest request) {
        return subscriptions.replace(id, request.models());
    }

    /** Subscribes to a model, following {@code alias} (champion when the body or alias is absent). */
    @PUT
    @Path("/{id}/subscriptions/{model}")
    public Uni<SubscriptionView> subscribe(@PathParam("id") String id, @PathParam("model") String model,
                                           @Valid SubscribeRequest request) {
        return subscriptions.subscribe(id, model, request == null ? null : request.alias());
    }

    @DELETE
    @Path("/{id}/subscriptions/{model}")
    public Uni<Response> unsubscribe(@PathParam("id") String id, @PathParam("model") String model) {
        return subscriptions.unsubscribe(id, model).map(ignored -> Response.noContent().build());
    }
}
