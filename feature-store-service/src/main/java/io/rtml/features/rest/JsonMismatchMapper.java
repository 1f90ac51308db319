package io.rtml.features.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.rtml.common.rest.ErrorMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A value of the wrong JSON type (a timestamp that does not parse, text for a number) in the one error shape.
 * Quarkus has a built-in mapper for exactly this exception, which wins over the shared mapper of its supertype.
 */
public class JsonMismatchMapper {

    private final ErrorMappers errors = new ErrorMappers();

    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e) {
        return errors.invalidJson(e);
    }
}
