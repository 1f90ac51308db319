package io.rtml.inference.rest;

import io.rtml.common.reactive.CallerContext;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.security.Roles;
import io.rtml.inference.service.CandidateValidator;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

/** Load-and-answer validation of a candidate version, for the registry's gate and for people before a rollout. */
@Path("/api/v1/validate")
@Produces(MediaType.APPLICATION_JSON)
public class ValidationResource {

    private final CandidateValidator validator;

    public ValidationResource(CandidateValidator validator) {
        this.validator = validator;
    }

    /**
     * 200 with the report whether or not the candidate passed; 404 for a version the registry does not know,
     * 503 when the registry cannot be reached.
     */
    @POST
    @Path("/{model}/{version}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<ValidationReport> validate(@PathParam("model") String model, @PathParam("version") int version) {
        return CallerContext.emitOnCaller(validator.validate(model, version)
                .onFailure(WebApplicationException.class).transform(e -> {
                    int status = ((WebApplicationException) e).getResponse().getStatus();
                    return status == 404 ? ApiException.notFound("Model '" + model + "' v" + version + " is not registered")
                            : ApiException.unavailable("The registry answered " + status + " for " + model + " v" + version,
                                    ApiException.DEFAULT_RETRY_AFTER);
                })
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> ApiException.unavailable(
                        "The registry is unreachable (" + e.getMessage() + "); try again shortly", ApiException.DEFAULT_RETRY_AFTER)));
    }
}
