package io.rtml.examples.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.LocalPlatform.Service;
import io.rtml.devstack.LocalPlatform;
import io.rtml.devstack.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks the OpenAPI document of each of the four running services and calls every operation it declares
 * without a token, with an expired one and with one signed by a stranger's key: each must answer 401.
 * Only the Open Inference Protocol's own liveness and readiness stay open, as health does (/q/health,
 * /q/metrics and /q/openapi are not in the document and are checked to answer without a token).
 */
class EveryOperationNeedsATokenIT {

    /** Operations that are health checks by the protocol's definition, open like /q/health. */
    private static final Set<String> OPEN = Set.of("GET /v2/health/live", "GET /v2/health/ready");

    private static LocalPlatform platform;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = LocalPlatform.start(List.of(Service.REGISTRY, Service.FEATURE_STORE, Service.INFERENCE,
                Service.MONITOR), "_tokens", Map.of());
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void shouldAnswer401ToEveryOperationWithoutAValidToken(Service service) throws Exception {
        URI base = URI.create(platform.url(service));
        List<OpenApiOperations.Operation> operations = OpenApiOperations.load(http, new ObjectMapper(), base);
        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(3);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("expired token", Tokens.expired(Roles.ADMIN));
        tokens.put("stranger's key", Tokens.foreignKey(Roles.ADMIN));
        List<String> open = new ArrayList<>();
        int checked = 0;
        for (OpenApiOperations.Operation op : operations) {
            String name = op.method() + " " + op.path();
            if (OPEN.contains(name)) {
                continue;
            }
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                int status = call(base, op, token.getValue());
                checked++;
                if (status != 401) {
                    open.add(name + " with " + token.getKey() + " answered " + status);
                }
            }
        }
        System.out.printf("%s: %d operations, %d calls without a valid token%n", service, operations.size(), checked);
        assertThat(open).as("operations that did not answer 401").isEmpty();
        for (String path : List.of("/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi")) {
            assertThat(http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as(path).isEqualTo(200);
        }
    }

    private int call(URI base, OpenApiOperations.Operation op, String token) throws Exception {
        String path = op.path().replaceAll("\\{[^}]+}", "x1");
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if ("GET".equals(op.method()) || "DELETE".equals(op.method())) {
            request.method(op.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            String type = op.bodyType() == null ? "application/json" : op.bodyType();
            request.header("Content-Type", type.contains("multipart") ? "multipart/form-data; boundary=x" : type);
            request.method(op.method(), HttpRequest.BodyPublishers.ofString("{}"));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
