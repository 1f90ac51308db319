package io.rtml.registry.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.rtml.common.security.Caller;
import io.rtml.contracts.security.Roles;
import io.rtml.registry.service.WebhookService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * Webhooks: lifecycle events POSTed, signed, to a URL of the caller's, with the history of every
 * delivery. A webhook's URL and secret are the platform's to set: admins and operators only.
 */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class WebhookResource {

    private final WebhookService webhooks;
    private final SecurityIdentity identity;

    public WebhookResource(WebhookService webhooks, SecurityIdentity identity) {
        this.webhooks = webhooks;
        this.identity = identity;
    }

    @POST
    public Uni<Response> create(CreateWebhookRequest request) {
        return webhooks.create(request, Caller.of(identity).subject())
                .map(w -> Response.created(URI.create("/api/v1/webhooks/" + w.id())).entity(w).build());
    }

    @GET
    public Uni<List<WebhookView>> list() {
        return webhooks.list();
    }

    @GET
    @Path("/{id}")
    public Uni<WebhookView> get(@PathParam("id") long id) {
        return webhooks.get(id);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") long id) {
        return webhooks.delete(id).map(ignored -> Response.noContent().build());
    }

    /** Deliveries newest first, each with every attempt; {@code limit} 1-1000 (default 100). */
    @GET
    @Path("/{id}/deliveries")
    public Uni<List<DeliveryView>> deliveries(@PathParam("id") long id,
                                              @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return webhooks.deliveries(id, limit);
    }
}
