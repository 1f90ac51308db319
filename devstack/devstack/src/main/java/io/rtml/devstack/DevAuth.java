package io.rtml.devstack;

import io.rtml.contracts.security.Roles;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A development issuer of rtml tokens: an RSA key pair in a folder ({@code .rtml/auth} for the
 * launcher, a temporary one for tests), the settings that make a service trust it, and tokens signed
 * with it. In Kubernetes the operator's identity provider takes this place; the services cannot tell
 * the difference, they only check signature, issuer, audience and expiry.
 */
public final class DevAuth {

    public static final String ISSUER = "https://rtml.local/dev";
    public static final String SERVICE_SUBJECT = "rtml-platform";
    private static final Duration SERVICE_TOKEN_LIFETIME = Duration.ofDays(30);

    private static DevAuth forTests;

    private final Path dir;
    private final PrivateKey privateKey;

    private DevAuth(Path dir, PrivateKey privateKey) {
        this.dir = dir;
        this.privateKey = privateKey;
    }

    /** The issuer in {@code dir}: its key pair, made on first use and kept, and a fresh service token. */
    public static DevAuth in(Path dir) {
        try {
            Files.createDirectories(dir);
            Path privatePem = dir.resolve("private.pem");
            Path publicPem = dir.resolve("public.pem");
            if (!Files.exists(privatePem) || !Files.exists(publicPem)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                writePem(publicPem, "PUBLIC KEY", pair.getPublic().getEncoded());
                writePem(privatePem, "PRIVATE KEY", pair.getPrivate().getEncoded());
                restrict(privatePem);
            }
            DevAuth auth = new DevAuth(dir, readPrivate(privatePem));
            Path serviceToken = auth.serviceTokenFile();
            Files.writeString(serviceToken, auth.mint(SERVICE_SUBJECT, Set.of(Roles.SERVICE), null, SERVICE_TOKEN_LIFETIME));
            restrict(serviceToken);
            return auth;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not set up the development token issuer in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not set up the development token issuer in " + dir, e);
        }
    }

    /** The issuer already set up in {@code dir} by {@link #in}, without touching its service token. */
    public static DevAuth existing(Path dir) {
        Path privatePem = dir.resolve("private.pem");
        if (!Files.exists(privatePem)) {
            throw new IllegalStateException("No development token issuer in " + dir + ": run ./rtml up first");
        }
        try {
            return new DevAuth(dir, readPrivate(privatePem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One issuer per test JVM, shared by the service under test and the peers it starts. */
    public static synchronized DevAuth forTests() {
        if (forTests == null) {
            try {
                forTests = in(Files.createTempDirectory("rtml-test-auth"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return forTests;
    }

    /** A token for {@code subject} with {@code roles}; {@code tenant} only for tenant tokens (else null). */
    public String mint(String subject, Set<String> roles, String tenant, Duration lifetime) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER).subject(subject).upn(subject)
                .audience(Roles.DEFAULT_AUDIENCE).groups(roles).expiresIn(lifetime);
        if (tenant != null) {
            claims.claim(Roles.TENANT_CLAIM, tenant);
        }
        return claims.jws().keyId("rtml-dev").sign(privateKey);
    }

    /** What a service needs to trust this issuer and to call its peers, as environment variables. */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RTML_AUTH_ISSUER", ISSUER);
        env.put("RTML_AUTH_JWKS_URL", dir.resolve("public.pem").toString());
        env.put("RTML_AUTH_AUDIENCE", Roles.DEFAULT_AUDIENCE);
        env.put("RTML_AUTH_SERVICE_TOKEN_FILE", serviceTokenFile().toString());
        return env;
    }

    /** The same settings as Quarkus configuration keys, for a service under {@code @QuarkusTest}. */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        serviceEnvironment().forEach((k, v) -> config.put(k.toLowerCase().replaceFirst("^rtml_auth_", "rtml.auth.")
                .replace('_', '-'), v));
        return config;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    public Path serviceTokenFile() {
        return dir.resolve("service.jwt");
    }

    public Path dir() {
        return dir;
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }

    private static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(file)));
    }

    /** The public key in {@code dir}, for tests that check what the services check. */
    public PublicKey publicKey() {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(dir.resolve("public.pem"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(Path pem) throws IOException {
        String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not a POSIX file system: the folder's own permissions are all there is.
        }
    }
}
