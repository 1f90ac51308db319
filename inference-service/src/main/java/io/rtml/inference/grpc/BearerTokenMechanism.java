package io.rtml.inference.grpc;

import io.grpc.Metadata;
import io.quarkus.grpc.auth.GrpcSecurityMechanism;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import jakarta.inject.Singleton;

/**
 * Reads the bearer token of a gRPC call from its {@code authorization} metadata, the gRPC twin of the
 * HTTP header, and hands it to the same JWT check as REST; roles then apply through {@code @RolesAllowed}.
 */
@Singleton
public class BearerTokenMechanism implements GrpcSecurityMechanism {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "bearer ";

    @Override
    public boolean handles(Metadata metadata) {
        String value = metadata.get(AUTHORIZATION);
        return value != null && value.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    @Override
    public AuthenticationRequest createAuthenticationRequest(Metadata metadata) {
        String token = metadata.get(AUTHORIZATION).substring(BEARER.length()).trim();
        return new TokenAuthenticationRequest(new TokenCredential(token, "bearer"));
    }
}
