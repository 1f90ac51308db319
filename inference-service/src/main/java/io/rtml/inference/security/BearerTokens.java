package io.rtml.inference.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rtml.common.rest.ApiException;
import io.rtml.common.security.Caller;
import io.rtml.contracts.security.Roles;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Who sent a gRPC call or a stream record: both carry a bearer token in {@code authorization}
 * ({@code Bearer <jwt>}: the gRPC metadata, the Kafka record header), checked by the same
 * smallrye-jwt parser as REST (signature, issuer, audience, expiry). A caller reuses its token for many
 * calls, so a verified token is remembered (at most {@value #CACHE_SECONDS} s, never past its expiry)
 * instead of checking its RSA signature each time. The tenant rule then applies as on REST.
 */
@ApplicationScoped
public class BearerTokens {

    public static final String HEADER = "authorization";
    private static final long CACHE_SECONDS = 60;
    private static final String[] PREDICT_ROLES = {Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT};

    private final JWTParser parser;
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(CACHE_SECONDS)).maximumSize(10_000).build();

    public BearerTokens(JWTParser parser) {
        this.parser = parser;
    }

    /** A stream record's caller: see {@link #callerOf(String)}. */
    public Caller callerOf(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(HEADER);
        return callerOf(header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII));
    }

    /**
     * The caller an {@code authorization} value names; an {@link ApiException} 401 (no or bad token) or
     * 403 (no role that may predict).
     */
    public Caller callerOf(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException(401, "No '" + HEADER + "' with a bearer token");
        }
        String value = authorization.trim();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "The '" + HEADER + "' header must be 'Bearer <token>'");
        }
        String token = value.substring(7).trim();
        long now = System.currentTimeMillis() / 1000;
        Verified known = verified.getIfPresent(token);
        if (known == null || known.expiresAt() <= now) {
            try {
                JsonWebToken jwt = parser.parse(token);
                known = new Verified(Caller.of(jwt), jwt.getExpirationTime());
            } catch (ParseException e) {
                throw new ApiException(401, "The bearer token is not valid: " + e.getMessage());
            }
            verified.put(token, known);
        }
        if (!known.caller().hasAnyRole(PREDICT_ROLES)) {
            throw ApiException.forbidden("Scoring needs one of the roles " + String.join(", ", PREDICT_ROLES));
        }
        return known.caller();
    }

    private record Verified(Caller caller, long expiresAt) {
    }
}
