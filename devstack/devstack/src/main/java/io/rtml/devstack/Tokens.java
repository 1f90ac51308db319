package io.rtml.devstack;

import io.restassured.RestAssured;
import io.rtml.contracts.security.Roles;
import io.smallrye.jwt.build.Jwt;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens for tests, signed by the test JVM's {@link DevAuth}, which {@link DevstackTestResource} and
 * {@link LocalPlatform} make every service trust. A test class acts as one role with {@link #signIn},
 * and asks for another token where the role is what it checks.
 */
public final class Tokens {

    private static final Duration LIFETIME = Duration.ofHours(2);
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    /** A token with one role (subject {@code test-ROLE}). */
    public static String of(String role) {
        return CACHE.computeIfAbsent(role, r -> DevAuth.forTests().mint("test-" + r, Set.of(r), null, LIFETIME));
    }

    /** A tenant token for {@code tenant} (subject {@code tenant-ID}). */
    public static String tenant(String tenant) {
        return CACHE.computeIfAbsent("tenant:" + tenant,
                t -> DevAuth.forTests().mint("tenant-" + tenant, Set.of(Roles.TENANT), tenant, LIFETIME));
    }

    /** A token with {@code roles} for {@code subject}, minted afresh. */
    public static String minted(String subject, Set<String> roles, String tenant) {
        return DevAuth.forTests().mint(subject, roles, tenant, LIFETIME);
    }

    /** Signed by the right key, but expired an hour ago (beyond any clock-skew grace). */
    public static String expired(String role) {
        return DevAuth.forTests().mint("test-" + role, Set.of(role), null, Duration.ofHours(-1));
    }

    /** Right claims, signed by a key nobody trusts. */
    public static String foreignKey(String role) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(DevAuth.ISSUER).subject("intruder").upn("intruder").audience(Roles.DEFAULT_AUDIENCE)
                    .groups(Set.of(role)).expiresIn(LIFETIME).sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed by the trusted key, but naming another issuer. */
    public static String foreignIssuer(String role) {
        return Jwt.issuer("https://someone-else.example").subject("intruder").upn("intruder")
                .audience(Roles.DEFAULT_AUDIENCE).groups(Set.of(role)).expiresIn(LIFETIME)
                .jws().keyId("rtml-dev").sign(privateKeyOfTests());
    }

    /** The claims of a valid token with {@code alg: none} and no signature. */
    public static String unsigned(String role) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        String[] parts = of(role).split("\\.");
        return header + "." + parts[1] + ".";
    }

    /**
     * Makes every REST-assured request of this test class carry {@code token}; a request that checks
     * another caller says so with {@code given().auth().oauth2(other)} or {@code given().auth().none()}.
     */
    public static void signIn(String token) {
        // The default authentication scheme, not a default request specification: a specification would
        // also freeze the port REST-assured had when it was built, and Quarkus sets that per test.
        RestAssured.authentication = RestAssured.oauth2(token);
    }

    private static java.security.PrivateKey privateKeyOfTests() {
        return DevAuth.forTests().privateKey();
    }
}
