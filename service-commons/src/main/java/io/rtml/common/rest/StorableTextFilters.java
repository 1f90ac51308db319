package io.rtml.common.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link StorableText} to every request of a service: path and query parameters in a request
 * filter, JSON bodies in a reader interceptor (the body as bytes, before Jackson builds any object).
 */
@Provider
public class StorableTextFilters implements ReaderInterceptor {

    private final ObjectMapper mapper;

    public StorableTextFilters(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerRequestFilter
    public void parameters(ContainerRequestContext request, UriInfo uri) {
        check("path parameter", uri.getPathParameters());
        check("query parameter", uri.getQueryParameters());
    }

    private static void check(String kind, MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            for (String value : p.getValue()) {
                String problem = StorableText.problem(kind + " '" + p.getKey() + "'", value);
                if (problem != null) {
                    throw ApiException.badRequest(problem);
                }
            }
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !type.getSubtype().toLowerCase().contains("json")) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        if (StorableText.jsonMayHoldNul(body)) {
            String where = StorableText.locateNul(mapper, body);
            if (where != null) {
                throw ApiException.badRequest(StorableText.problem("body field '" + where + "'", "\0"));
            }
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
