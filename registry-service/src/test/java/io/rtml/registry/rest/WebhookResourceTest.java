package io.rtml.registry.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.rtml.registry.rest.ModelRegistryResourceTest.metadata;
import static io.rtml.registry.rest.ModelRegistryResourceTest.newModel;
import static io.rtml.registry.rest.ModelRegistryResourceTest.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/**
 * Webhooks against a real HTTP receiver: signed deliveries that verify with the secret, retries with
 * exponential backoff kept in the delivery history, and requests that never wait for a receiver.
 * (Test profile: first backoff 300ms, 4 attempts; the dispatcher runs every second.)
 */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class WebhookResourceTest {

    private static final String SECRET = "a-long-shared-secret-1234";

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    static long createWebhook(String url, String events, String secret) {
        return ((Number) given().contentType(ContentType.JSON)
                .body("{\"url\": \"" + url + "\", \"events\": " + events + ", \"secret\": \"" + secret + "\"}")
                .when().post("/api/v1/webhooks")
                .then().statusCode(201).body("$", not(hasKey("secret")))
                .extract().path("id")).longValue();
    }

    /** Waits until every delivery of {@code model}'s events to webhook {@code id} has {@code status}. */
    static void awaitStatus(long id, String model, String status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline)) {
            List<String> statuses = given().when().get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(200)
                    .extract().path("findAll { it.model == '" + model + "' }.status");
            if (!statuses.isEmpty() && statuses.stream().allMatch(status::equals)) {
                return;
            }
            Thread.sleep(200);
        }
    }

    @Test
    void shouldDeliverSignedLifecycleEventsThatVerifyWithTheSecretAndNeverShowTheSecret() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            long id = createWebhook(receiver.url(), "[\"registered\", \"alias-set\"]", SECRET);
            String model = newModel();
            register(model, "v1".getBytes(StandardCharsets.UTF_8), metadata(0.8));
            given().contentType(ContentType.JSON).body("{\"version\": 1}")
                    .when().put("/api/v1/models/" + model + "/aliases/champion").then().statusCode(200);

            List<WebhookReceiver.Received> got = receiver.await(r -> r.text().contains("\"model\":\"" + model + "\""), 2,
                    Duration.ofSeconds(30));
            for (WebhookReceiver.Received r : got) {
                assertThat(WebhookReceiver.signedWith(r, SECRET)).as("signature of %s", r.text()).isTrue();
                assertThat(WebhookReceiver.signedWith(r, "another-secret-of-16+")).isFalse();
                JsonPath body = JsonPath.from(r.text());
                assertThat(r.header("X-Rtml-Delivery")).isEqualTo(body.getString("deliveryId"));
                assertThat(r.header("X-Rtml-Event")).isEqualTo(body.getString("type"));
                assertThat(Long.parseLong(r.header("X-Rtml-Timestamp")))
                        .isBetween(Instant.now().minusSeconds(60).getEpochSecond(), Instant.now().getEpochSecond());
                assertThat(r.header("Content-Type")).startsWith("application/json");
            }
            assertThat(got).extracting(r -> JsonPath.from(r.text()).getString("type")).containsExactly("registered", "alias-set");
            JsonPath aliasSet = JsonPath.from(got.get(1).text());
            assertThat(aliasSet.getString("alias")).isEqualTo("champion");
            assertThat(aliasSet.getInt("version")).isEqualTo(1);
            assertThat(aliasSet.getBoolean("details.gate.passed")).isTrue();

            given().when().get("/api/v1/webhooks/" + id).then().statusCode(200)
                    .body("url", equalTo(receiver.url())).body("events", equalTo(List.of("alias-set", "registered")))
                    .body("$", not(hasKey("secret")));
            given().when().get("/api/v1/webhooks").then().statusCode(200)
                    .body("find { it.id == " + id + " }", not(hasKey("secret")));
            awaitStatus(id, model, "succeeded");
            given().when().get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(200)
                    .body("findAll { it.model == '" + model + "' }.status", equalTo(List.of("succeeded", "succeeded")))
                    .body("findAll { it.model == '" + model + "' }.event", equalTo(List.of("alias-set", "registered")))
                    .body("find { it.model == '" + model + "' }.history", hasSize(1))
                    .body("find { it.model == '" + model + "' }.history[0].statusCode", equalTo(204));

            given().when().delete("/api/v1/webhooks/" + id).then().statusCode(204);
            given().when().get("/api/v1/webhooks/" + id).then().statusCode(404);
        }
    }

    @Test
    void shouldRetryAFailingReceiverWithExponentialBackoffAndKeepEveryAttemptInTheHistory() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            long id = createWebhook(receiver.url(), "[\"registered\"]", SECRET);
            receiver.failNext(3, 503);
            String model = newModel();
            long before = System.nanoTime();
            register(model, "v1".getBytes(StandardCharsets.UTF_8), metadata(0.8));
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("registration waits for no receiver")
                    .isLessThan(Duration.ofSeconds(5));

            List<WebhookReceiver.Received> got = receiver.await(r -> r.text().contains("\"model\":\"" + model + "\""), 4,
                    Duration.ofSeconds(30));
            assertThat(got).extracting(WebhookReceiver.Received::answered).containsExactly(503, 503, 503, 204);
            assertThat(got).extracting(r -> r.header("X-Rtml-Attempt")).containsExactly("1", "2", "3", "4");
            assertThat(got).extracting(r -> r.header("X-Rtml-Delivery")).containsOnly(got.get(0).header("X-Rtml-Delivery"));
            assertThat(got).extracting(WebhookReceiver.Received::text).containsOnly(got.get(0).text());
            // Waits of at least 300ms, 600ms, 1200ms between attempts (the scheduler adds up to one interval).
            long[] gaps = new long[3];
            for (int i = 0; i < 3; i++) {
                gaps[i] = Duration.between(got.get(i).at(), got.get(i + 1).at()).toMillis();
            }
            assertThat(gaps[0]).isGreaterThanOrEqualTo(300);
            assertThat(gaps[1]).isGreaterThanOrEqualTo(600);
            assertThat(gaps[2]).isGreaterThanOrEqualTo(1200);

            String path = "find { it.model == '" + model + "' }";
            awaitStatus(id, model, "succeeded");
            given().when().get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(200)
                    .body(path + ".status", equalTo("succeeded"))
                    .body(path + ".attempts", equalTo(4))
                    .body(path + ".history.statusCode", equalTo(List.of(503, 503, 503, 204)))
                    .body(path + ".history.attempt", equalTo(List.of(1, 2, 3, 4)))
                    .body(path + ".history[0].error", containsString("503"));
            given().when().delete("/api/v1/webhooks/" + id).then().statusCode(204);
        }
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptAndKeepTheDeliveryAsFailed() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            long id = createWebhook(receiver.url(), "[\"*\"]", SECRET);
            receiver.failNext(100, 500);
            String model = newModel();
            register(model, "v1".getBytes(StandardCharsets.UTF_8), metadata(0.8));
            receiver.await(r -> r.text().contains("\"model\":\"" + model + "\""), 4, Duration.ofSeconds(30));
            String path = "find { it.model == '" + model + "' }";
            awaitStatus(id, model, "failed");
            given().when().get("/api/v1/webhooks/" + id + "/deliveries").then()
                    .body(path + ".status", equalTo("failed")).body(path + ".attempts", equalTo(4))
                    .body(path + ".lastStatusCode", equalTo(500)).body(path + ".history", hasSize(4));
            Thread.sleep(1500);
            assertThat(receiver.received().stream().filter(r -> r.text().contains(model))).hasSize(4);
            given().when().delete("/api/v1/webhooks/" + id).then().statusCode(204);
        }
    }

    @Test
    void shouldRefuseABadWebhookListingEveryProblemAndStoreNothing() {
        int before = given().when().get("/api/v1/webhooks").then().extract().path("size()");
        given().contentType(ContentType.JSON).body("{\"url\": \"ftp://example.com/x\", \"events\": [\"registered\", \"exploded\"], \"secret\": \"short\"}")
                .when().post("/api/v1/webhooks")
                .then().statusCode(400)
                .body("error", allOf(containsString("http or https"), containsString("'exploded'"), containsString("secret")))
                .body("details", hasSize(3));
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/webhooks").then().statusCode(400)
                .body("details", hasSize(3));
        given().contentType(ContentType.JSON)
                .body("{\"url\": \"http://example.com/\\u0000\", \"events\": [\"*\"], \"secret\": \"" + SECRET + "\"}")
                .when().post("/api/v1/webhooks").then().statusCode(400).body("error", allOf(containsString("'url'"), containsString("NUL")));
        given().when().get("/api/v1/webhooks").then().body("size()", equalTo(before));
        given().when().get("/api/v1/webhooks/999999/deliveries").then().statusCode(404);
    }

    @Test
    void shouldLetOnlyAdminsAndOperatorsManageWebhooks() {
        Map.of(Roles.DATA_SCIENTIST, 403, Roles.TENANT, 403, Roles.SERVICE, 403, Roles.OPERATOR, 200).forEach((role, status) ->
                given().auth().oauth2(Tokens.of(role)).when().get("/api/v1/webhooks").then().statusCode(status));
        given().auth().none().when().get("/api/v1/webhooks").then().statusCode(401);
    }
}
