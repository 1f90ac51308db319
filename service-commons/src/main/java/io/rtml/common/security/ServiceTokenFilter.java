package io.rtml.common.security;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Puts this service's own token on every REST-client call to another rtml service. A caller's token
 * is never passed on: the callee then sees the platform (role {@code service}), and a tenant's token
 * cannot reach an endpoint the tenant itself may not call.
 */
@Provider
public class ServiceTokenFilter implements ClientRequestFilter {

    private final ServiceToken token;

    public ServiceTokenFilter(ServiceToken token) {
        this.token = token;
    }

    @Override
    public void filter(ClientRequestContext request) {
        if (!request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
            token.current().ifPresent(t -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + t));
        }
    }
}
