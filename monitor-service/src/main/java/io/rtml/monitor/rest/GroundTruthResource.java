package io.rtml.monitor.rest;

import io.rtml.contracts.security.Roles;
import io.rtml.monitor.service.GroundTruthPublisher;
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

/** Delayed labels from users that do not produce to Kafka themselves. */
@Path("/api/v1/ground-truth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class GroundTruthResource {

    private final GroundTruthPublisher publisher;

    public GroundTruthResource(GroundTruthPublisher publisher) {
        this.publisher = publisher;
    }

    /** 202: the labels are on {@code rtml.ground-truth}; they are joined as the monitor consumes them. */
    @POST
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.SERVICE})
    public Uni<Response> post(@NotNull @Valid GroundTruthRequest request) {
        return publisher.publish(request).map(n -> Response.accepted(new GroundTruthAccepted(n, "rtml.ground-truth")).build());
    }
}
