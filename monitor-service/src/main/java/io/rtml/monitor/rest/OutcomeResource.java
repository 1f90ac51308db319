package io.rtml.monitor.rest;

import io.rtml.contracts.Topics;
import io.rtml.contracts.security.Roles;
import io.rtml.monitor.value.OutcomePublisher;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Business outcomes (opened, clicked, revenue) from users that do not produce to Kafka themselves. */
@Path("/api/v1/outcomes")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class OutcomeResource {

    private final OutcomePublisher publisher;

    public OutcomeResource(OutcomePublisher publisher) {
        this.publisher = publisher;
    }

    /** 202: the outcomes are on {@code rtml.outcomes}; they are joined to predictions as the monitor consumes them. */
    @POST
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.SERVICE})
    public Uni<Response> post(@NotNull @Valid OutcomeRequest request) {
        return publisher.publish(request).map(n -> Response.accepted(new OutcomeAccepted(n, Topics.OUTCOMES)).build());
    }
}
