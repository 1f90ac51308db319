package io.rtml.sdk;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * JSON over HTTP to one rtml service: the plumbing both SDK clients share, public so that code calling
 * the other services (inference, monitor) gets the same behaviour — one timeout, ISO-8601 instants, and
 * every non-2xx answer turned into an {@link RtmlClientException} carrying the service's {@code error}
 * sentence.
 */
public final class ServiceHttp {

    /** The mapper the SDK writes and reads with: ISO-8601 instants, nulls left out, unknown fields ignored. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final String authorization;

    /** Calls {@code base} with {@link #defaultToken()}, if any. */
    public ServiceHttp(URI base) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofSeconds(60), null);
    }

    /** Calls {@code base} with {@link #defaultToken()}, if any. */
    public ServiceHttp(URI base, HttpClient http, Duration timeout) {
        this(base, http, timeout, null);
    }

    /** Calls {@code base} with bearer {@code token}; when null, with {@link #defaultToken()}, or none. */
    public ServiceHttp(URI base, HttpClient http, Duration timeout, String token) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.http = http;
        this.timeout = timeout;
        String bearer = token != null ? token : defaultToken();
        this.authorization = bearer == null || bearer.isBlank() ? null : "Bearer " + bearer.trim();
    }

    /** The environment variable a client without an explicit token takes it from. */
    public static final String TOKEN_VARIABLE = "RTML_TOKEN";
    /** The system property that wins over {@value #TOKEN_VARIABLE} (a test JVM cannot set its own environment). */
    public static final String TOKEN_PROPERTY = "rtml.token";

    /**
     * The token a client uses when given none: system property {@value #TOKEN_PROPERTY}, else the
     * environment variable {@value #TOKEN_VARIABLE} (as MLflow's client reads MLFLOW_TRACKING_TOKEN), else null.
     */
    public static String defaultToken() {
        String property = System.getProperty(TOKEN_PROPERTY);
        return property != null && !property.isBlank() ? property : System.getenv(TOKEN_VARIABLE);
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(timeout).header("Accept", "application/json");
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    public HttpResponse<byte[]> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<byte[]> post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body))).build());
    }

    public HttpResponse<byte[]> put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json(body))).build());
    }

    public HttpResponse<byte[]> patch(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(json(body))).build());
    }

    public HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RtmlClientException(request.method() + " " + request.uri() + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RtmlClientException(request.method() + " " + request.uri() + " was interrupted", e);
        }
    }

    /** The body as {@code type} when the status is 2xx, else the service's error as an exception. */
    public <T> T expect(HttpResponse<byte[]> response, Class<T> type) {
        return expect(response, type, RtmlClientException::new);
    }

    public <T> T expect(HttpResponse<byte[]> response, Class<T> type, ErrorFactory onError) {
        if (response.statusCode() / 100 != 2) {
            throw error(response, onError);
        }
        return read(response.body(), type);
    }

    public static RtmlClientException error(HttpResponse<byte[]> response) {
        return error(response, RtmlClientException::new);
    }

    static RtmlClientException error(HttpResponse<byte[]> response, ErrorFactory factory) {
        String what = response.request().method() + " " + response.request().uri().getPath()
                + " answered " + response.statusCode();
        JsonNode body = null;
        try {
            body = response.body() == null || response.body().length == 0 ? null : MAPPER.readTree(response.body());
        } catch (IOException ignored) {
            // not JSON: fall through to the raw text below
        }
        if (body != null && body.hasNonNull("error")) {
            JsonNode details = body.get("details");
            return factory.create(response.statusCode(), what + ": " + body.get("error").asText(),
                    details == null || details.isNull() ? null : details);
        }
        String text = response.body() == null ? "" : new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        return factory.create(response.statusCode(), what + (text.isBlank() ? "" : ": " + abbreviate(text)), null);
    }

    static byte[] json(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write request body as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new RtmlClientException("unexpected response body (" + e.getMessage() + ")", e);
        }
    }

    static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    /** Makes the exception for a failed call (plain or, for the gate, {@link GateFailedException}). */
    @FunctionalInterface
    public interface ErrorFactory {
        RtmlClientException create(int status, String message, JsonNode details);
    }

}
