package io.rtml.sdk;

import io.rtml.contracts.ArtifactChecksum;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Client of the model registry ({@code /api/v1/models}): create a model, register versions (artifact +
 * metadata as multipart), point aliases (the {@code champion} gate), read versions and download artifacts
 * with their checksum verified. Thread-safe; failures are {@link RtmlClientException}s carrying the
 * registry's own error sentence.
 */
public class RegistryClient {

    private final ServiceHttp http;

    public RegistryClient(URI base) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofSeconds(60));
    }

    /** Calls {@code base} with bearer {@code token} (null: {@link ServiceHttp#defaultToken()}). */
    public RegistryClient(URI base, String token) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofSeconds(60), token);
    }

    public RegistryClient(URI base, HttpClient client, Duration requestTimeout) {
        this(base, client, requestTimeout, null);
    }

    public RegistryClient(URI base, HttpClient client, Duration requestTimeout, String token) {
        this.http = new ServiceHttp(base, client, requestTimeout, token);
    }

    /**
     * Creates a model, or returns the existing one when the name is taken (409), so training code can
     * run again without special cases.
     *
     * @param ingestionMode {@code batch} or {@code streaming}
     */
    public ModelInfo createModel(String name, String industry, String ingestionMode, List<String> tags,
                                 String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("description", description);
        body.put("industry", industry);
        body.put("ingestionMode", ingestionMode);
        body.put("tags", tags == null ? List.of() : tags);
        body.put("owner", System.getProperty("user.name"));
        HttpResponse<byte[]> response = http.post("/api/v1/models", body);
        if (response.statusCode() == 409) {
            return getModel(name);
        }
        return http.expect(response, ModelInfo.class);
    }

    public ModelInfo getModel(String name) {
        return http.expect(http.get("/api/v1/models/" + segment(name)), ModelInfo.class);
    }

    /** Registers a new immutable version and answers its number. */
    public int registerVersion(String model, byte[] artifact, VersionMetadata metadata) {
        return registerVersionDetailed(model, artifact, metadata).version();
    }

    /** As {@link #registerVersion}, answering the whole version the registry stored. */
    public ModelVersion registerVersionDetailed(String model, byte[] artifact, VersionMetadata metadata) {
        MultipartBody body = new MultipartBody()
                .file("artifact", model + ".model", "application/octet-stream", artifact)
                .field("metadata", "application/json",
                        new String(ServiceHttp.json(metadata), StandardCharsets.UTF_8));
        HttpRequest request = http.request("/api/v1/models/" + segment(model) + "/versions")
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.build()))
                .build();
        return http.expect(http.send(request), ModelVersion.class);
    }

    /**
     * Points {@code alias} at {@code version}. For {@code champion} the registry's validation gate runs
     * first; when it fails this throws {@link GateFailedException} with the gate report and nothing changed.
     * The audit log records the token's subject as the actor.
     */
    public AliasResult setAlias(String model, String alias, int version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        HttpResponse<byte[]> response = http.put(
                "/api/v1/models/" + segment(model) + "/aliases/" + segment(alias), body);
        return http.expect(response, AliasResult.class, (status, message, details) -> status == 409
                ? new GateFailedException(message, details)
                : new RtmlClientException(status, message, details));
    }

    /**
     * Creates a tenant (a client account), or leaves the existing one alone when the id is taken (409), so
     * set-up code can run again. Needs the admin role.
     */
    public void createTenant(String id, String name, String industry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("name", name);
        body.put("industry", industry);
        HttpResponse<byte[]> response = http.post("/api/v1/tenants", body);
        if (response.statusCode() != 409) {
            http.expect(response, Map.class);
        }
    }

    /**
     * Subscribes {@code tenant} to {@code model}, following {@code alias} (champion when null): its predict calls
     * are then served by the version that alias points at. Needs the admin role.
     */
    public void subscribe(String tenant, String model, String alias) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (alias != null) {
            body.put("alias", alias);
        }
        http.expect(http.put("/api/v1/tenants/" + segment(tenant) + "/subscriptions/" + segment(model), body), Map.class);
    }

    /**
     * Declares the model's business KPI, computed by the monitor from outcomes ({@code outcome}: opened, clicked or
     * revenue; {@code aggregation}: rate or mean), and the fallback policy that answers its holdout ({@code kind}:
     * majority-class or constant; {@code output}: the label it answers with). Needs the admin or data-scientist role.
     */
    public void declareKpi(String model, String name, String description, String outcome, String aggregation,
                           String fallbackKind, String fallbackOutput) {
        Map<String, Object> kpi = new LinkedHashMap<>();
        kpi.put("name", name);
        kpi.put("description", description);
        kpi.put("outcome", outcome);
        kpi.put("aggregation", aggregation);
        http.expect(http.patch("/api/v1/models/" + segment(model),
                Map.of("kpi", kpi, "fallback", Map.of("kind", fallbackKind, "output", fallbackOutput))), Map.class);
    }

    /**
     * Routes the champion alone (any challenger is turned off) with {@code holdoutPercent} % of recipients answered by
     * the model's fallback policy, so the monitor can measure its KPI uplift. Needs the admin or operator role.
     */
    public void setHoldout(String model, int holdoutPercent) {
        http.expect(http.put("/api/v1/models/" + segment(model) + "/route",
                Map.of("mode", "off", "holdoutPercent", holdoutPercent)), Map.class);
    }

    public ModelVersion getVersion(String model, int version) {
        return http.expect(http.get("/api/v1/models/" + segment(model) + "/versions/" + version),
                ModelVersion.class);
    }

    /**
     * The artifact's bytes, refused unless their sha256 equals the ETag the registry sent (so a truncated
     * or altered download never reaches a model loader).
     */
    public byte[] downloadArtifact(String model, int version) {
        HttpRequest request = http.request("/api/v1/models/" + segment(model) + "/versions/" + version + "/artifact")
                .header("Accept", "application/octet-stream").GET().build();
        HttpResponse<byte[]> response = http.send(request);
        if (response.statusCode() != 200) {
            throw ServiceHttp.error(response);
        }
        String etag = response.headers().firstValue("ETag")
                .orElseThrow(() -> new RtmlClientException(200,
                        "registry sent artifact " + model + "/" + version + " without an ETag to verify", null));
        String expected = etag.replace("W/", "").replace("\"", "").trim();
        String actual = sha256(response.body());
        if (!actual.equalsIgnoreCase(expected)) {
            throw new RtmlClientException(200, "artifact " + model + "/" + version + " has sha256 " + actual
                    + " but the registry's ETag says " + expected, null);
        }
        return response.body();
    }

    /** Hex sha256 of the bytes, as the registry computes it. */
    public static String sha256(byte[] bytes) {
        return ArtifactChecksum.sha256(bytes);
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

}
