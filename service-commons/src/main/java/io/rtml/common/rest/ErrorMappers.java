package io.rtml.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.ForbiddenException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Collectors;

/** Maps every failure to {@link ApiError}, with a status that says who is at fault. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(e.getMessage(), e.details()));
        if (e.retryAfterSeconds() > 0) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response invalidJson(JsonProcessingException e) {
        String where = e instanceof MismatchedInputException m && !m.getPath().isEmpty()
                ? " at '" + m.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining(".")) + "'"
                : "";
        String what = e instanceof InvalidFormatException f
                ? "value '" + f.getValue() + "' is not a valid " + f.getTargetType().getSimpleName()
                : e.getOriginalMessage();
        return respond(400, ApiError.of("Request body is not valid JSON for this endpoint" + where + ": " + what));
    }

    /**
     * A value of the wrong JSON type (a timestamp that does not parse, text for a number). Quarkus has a
     * built-in mapper for exactly this type, which would win over {@link #invalidJson} for its supertype.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return invalidJson(e);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<String> problems = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + " " + v.getMessage())
                .sorted()
                .toList();
        return respond(400, new ApiError("Request is invalid: " + String.join("; ", problems), problems));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return invalidJson(json);
        }
        int status = e.getResponse().getStatus();
        String message = status == 404 ? "Not found" : e.getMessage();
        if (status == 415) {
            message = "Unsupported media type: " + e.getMessage();
        }
        return respond(status, ApiError.of(message));
    }

    /**
     * Checked I/O failures never reach {@link #unexpected}. A refused or lost connection is a dependency
     * down (503); any other one that reaches a resource is the request body failing to parse (a multipart
     * body cut short or without its boundary, say): the caller's fault, so a 400 that says what the parser said.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        return DependencyFailure.describe(e).map(ErrorMappers::unavailable)
                .orElseGet(() -> respond(400, ApiError.of("Request body could not be read: " + e.getMessage())));
    }

    /**
     * A valid token without the role the endpoint needs: 403 naming the roles that would do, read from
     * the endpoint's {@code @RolesAllowed} (method first, then class), so the caller knows what to ask for.
     */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        RolesAllowed allowed = method == null ? null : method.getAnnotation(RolesAllowed.class);
        if (allowed == null && resource != null && resource.getResourceClass() != null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        String message = allowed == null
                ? "The token may not call this endpoint"
                : "This endpoint needs one of the roles " + String.join(", ", allowed.value()) + "; the token has none of them";
        return respond(403, ApiError.of(message));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        return DependencyFailure.describe(e).map(ErrorMappers::unavailable).orElseGet(() -> {
            LOG.error("Unexpected failure", e);
            return respond(500, ApiError.of("Internal error; the service log has the details"));
        });
    }

    private static Response unavailable(String outage) {
        LOG.warn(outage);
        return respond(503, ApiError.of(outage));
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static Response respond(int status, ApiError error) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(error);
        if (status == 503) {
            // A dependency is down: tell clients when to come back instead of letting them hammer it.
            response.header("Retry-After", "5");
        }
        return response.build();
    }
}
