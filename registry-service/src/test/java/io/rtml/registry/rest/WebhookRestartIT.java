package io.rtml.registry.rest;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.LocalPlatform;
import io.rtml.devstack.LocalPlatform.Service;
import io.rtml.devstack.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry as a process (its packaged jar, LocalPlatform): deliveries owed to a receiver that is
 * down survive a SIGKILL of the registry, and after it starts again every lifecycle event reaches the
 * receiver, signed. Its logs also show that start-up no longer logs an ERROR (the emitter of
 * model-lifecycle, SRMSG00019), and that a shutdown during a dispatch run lets the run finish.
 */
class WebhookRestartIT {

    private static final String SECRET = "restart-secret-0123456789";
    private static final String SUFFIX = "_webhook_restart_it";
    private static LocalPlatform platform;

    @BeforeAll
    static void startRegistry() throws Exception {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        platform = LocalPlatform.start(List.of(Service.REGISTRY), SUFFIX, Map.of(
                "RTML_REGISTRY_WEBHOOKS_INITIAL_BACKOFF", "300ms",
                "RTML_REGISTRY_WEBHOOKS_MAX_BACKOFF", "2s",
                "RTML_REGISTRY_WEBHOOKS_MAX_ATTEMPTS", "100",
                "RTML_REGISTRY_WEBHOOKS_TIMEOUT", "2s"));
    }

    @AfterAll
    static void stopRegistry() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void shouldDeliverEveryEventOwedBeforeASigkillOfTheRegistryOnceItIsBack() throws Exception {
        String registry = platform.url(Service.REGISTRY);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.failNext(Integer.MAX_VALUE, 503);
            given().baseUri(registry).contentType(ContentType.JSON)
                    .body("{\"url\": \"" + receiver.url() + "\", \"events\": [\"*\"], \"secret\": \"" + SECRET + "\"}")
                    .when().post("/api/v1/webhooks").then().statusCode(201);
            String model = "restart-" + UUID.randomUUID().toString().substring(0, 8);
            given().baseUri(registry).contentType(ContentType.JSON).body("{\"name\": \"" + model + "\"}")
                    .when().post("/api/v1/models").then().statusCode(201);
            for (int v = 1; v <= 3; v++) {
                given().baseUri(registry)
                        .multiPart("artifact", "model.bin", ("bytes-" + v).getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                        .multiPart("metadata", ModelRegistryResourceTest.metadata(0.80 + v / 100.0), "application/json")
                        .when().post("/api/v1/models/" + model + "/versions").then().statusCode(201);
                given().baseUri(registry).contentType(ContentType.JSON).body("{\"version\": " + v + "}")
                        .when().put("/api/v1/models/" + model + "/aliases/champion").then().statusCode(200);
            }
            List<Integer> eventIds = given().baseUri(registry).when().get("/api/v1/models/" + model + "/audit")
                    .then().statusCode(200).extract().path("id");
            assertThat(eventIds).hasSize(6);

            // Deliveries are being tried (and refused) when the registry dies.
            receiver.await(r -> r.text().contains(model), 3, Duration.ofSeconds(60));
            platform.kill(Service.REGISTRY);
            receiver.failNext(0, 503);
            platform.restart(Service.REGISTRY);

            List<WebhookReceiver.Received> delivered = receiver.await(
                    r -> r.answered() == 204 && r.text().contains("\"model\":\"" + model + "\""), 6, Duration.ofSeconds(90));
            Set<Integer> deliveredEvents = delivered.stream().map(r -> JsonPath.from(r.text()).getInt("eventId"))
                    .collect(Collectors.toSet());
            assertThat(deliveredEvents).containsExactlyInAnyOrderElementsOf(eventIds);
            for (WebhookReceiver.Received r : delivered) {
                assertThat(WebhookReceiver.signedWith(r, SECRET)).isTrue();
            }
        }
        // Stopped gracefully (SIGTERM) right after a busy dispatcher: start-up and shutdown both log no ERROR.
        platform.close();
        for (Path log : registryLogs()) {
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).as("start-up of %s", log).anyMatch(l -> l.contains("started in"));
            assertThat(lines).as("errors in %s", log).noneMatch(l -> l.contains(" ERROR ") || l.contains("SRMSG00019"));
        }
    }

    private static List<Path> registryLogs() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("devstack/kafka-broker"))) {
            dir = dir.getParent();
        }
        try (Stream<Path> files = Files.list(dir.resolve("target/platform-logs"))) {
            List<Path> logs = files.filter(p -> p.getFileName().toString().startsWith("registry-service" + SUFFIX)).toList();
            assertThat(logs).hasSize(2);
            return logs;
        }
    }
}
