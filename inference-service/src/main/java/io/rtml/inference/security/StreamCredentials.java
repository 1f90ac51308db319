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
 * Who produced a stream request: each record of {@code rtml.inference-requests} carries its producer's
 * bearer token in an {@code authorization} header ({@code Bearer <jwt>}), checked exactly as on REST
 * (signature, issuer, audience, expiry). A producer reuses its token for many records, so a verified
 * token is remembered (at most {@value #CACHE_SECONDS} s, never past its expiry) instead of checking its
 * RSA signature per record. The tenant rule then applies as on REST: a tenant token's requests are
 * scored for its own tenant, whatever their {@code tenant} field says.
 */
@ApplicationScoped
public class StreamCredentials {

    public static final String HEADER = "authorization";
    private static final long CACHE_SECONDS = 60;
    private static final String[] PREDICT_ROLES = {Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT};

    private final JWTParser parser;
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(CACHE_SECONDS)).maximumSize(10_000).build();

    public StreamCredentials(JWTParser parser) {
        this.parser = parser;
    }

    /** The record's caller; an {@link ApiException} 401 (no or bad token) or 403 (no role that may predict). */
    public Caller callerOf(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(HEADER);
        if (header == null || header.value() == null) {
            throw new ApiException(401, "The record has no '" + HEADER + "' header with a bearer token");
        }
        String value = new String(header.value(), StandardCharsets.US_ASCII).trim();
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
                throw new ApiException(401, "The record's token is not valid: " + e.getMessage());
            }
            verified.put(token, known);
        }
        if (!known.caller().hasAnyRole(PREDICT_ROLES)) {
            throw ApiException.forbidden("Stream scoring needs one of the roles " + String.join(", ", PREDICT_ROLES));
        }
        return known.caller();
    }

    private record Verified(Caller caller, long expiresAt) {
    }
}
