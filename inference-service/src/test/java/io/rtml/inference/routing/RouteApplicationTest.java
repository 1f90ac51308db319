package io.rtml.inference.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.rtml.contracts.Topics;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.PlatformTestResource;
import io.rtml.devstack.TopicReader;
import io.rtml.devstack.Tokens;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.runtime.TestModels;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The registry's route policy as inference applies it: a canary's share of recipients, sticky, and a
 * shadow whose answers reach the predictions topic but never the caller. Real registry process, real broker.
 */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "services", value = "REGISTRY"),
        @ResourceArg(name = "databaseSuffix", value = "_inference_oip_test")})
class RouteApplicationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROW = "{\"hour\": 3, \"tz\": 1, \"device\": \"mobile\"}";

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    /** A model with champion v1 and a second version, v2, ready to be a challenger. */
    private static String championAndCandidate(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        RegistryFixture.createModel(name);
        RegistryFixture.register(name, TestModels.cart(11), 0.9, "[]");
        RegistryFixture.register(name, TestModels.cart(12), 0.9, "[]");
        RegistryFixture.setChampion(name, 1);
        return name;
    }

    private static void route(String model, String body) {
        given().baseUri(RegistryFixture.registryUrl()).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/models/" + model + "/route").then().statusCode(200);
    }

    private static JsonPath predict(String model, List<String> keys) {
        StringBuilder body = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < keys.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"requestId\": \"").append(keys.get(i)).append("\", \"entityKey\": \"")
                    .append(keys.get(i)).append("\", \"features\": ").append(ROW).append('}');
        }
        return given().contentType(ContentType.JSON).body(body.append("]}").toString())
                .when().post("/api/v1/predict/" + model).then().statusCode(200).extract().jsonPath();
    }

    /** Predicts until this replica applies {@code mode} (the route-set event, or the first read, got here). */
    private static void awaitMode(String model, String mode) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            predict(model, List.of("probe"));
            if (mode.equals(given().when().get("/api/v1/routes/" + model).then().statusCode(200).extract().path("mode"))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(model + " never applied route " + mode);
    }

    @Test
    void shouldSendTheCanarysShareOfRecipientsToTheChallengerAndKeepEachOnItsVersion() throws Exception {
        String model = championAndCandidate("canary");
        route(model, "{\"challenger\": 2, \"mode\": \"canary\", \"percent\": 10, \"stickyBy\": \"entity\"}");
        awaitMode(model, "canary");

        Map<String, Integer> versionOf = new HashMap<>();
        for (int call = 0; call < 100; call++) {
            List<String> keys = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                keys.add("r-" + (call * 100 + i));
            }
            JsonPath answer = predict(model, keys);
            List<Integer> versions = answer.getList("predictions.version", Integer.class);
            List<String> routes = answer.getList("predictions.route", String.class);
            for (int i = 0; i < keys.size(); i++) {
                assertThat(routes.get(i)).isEqualTo(versions.get(i) == 2 ? "challenger" : "champion");
                versionOf.put(keys.get(i), versions.get(i));
            }
        }
        long toChallenger = versionOf.values().stream().filter(v -> v == 2).count();
        assertThat(toChallenger).as("recipients of 10,000 on the 10 %% canary").isBetween(800L, 1_200L);

        List<String> again = List.of("r-1", "r-17", "r-4242", "r-9999", "r-123", "r-5000");
        JsonPath second = predict(model, again);
        for (int i = 0; i < again.size(); i++) {
            assertThat(second.getInt("predictions[" + i + "].version")).as(again.get(i)).isEqualTo(versionOf.get(again.get(i)));
        }
        given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"features\": " + ROW + "}]}")
                .when().post("/api/v1/predict/" + model)
                .then().statusCode(400).body("error", containsString("instances[0] has no entityKey"));
    }

    @Test
    void shouldLogShadowAnswersOnThePredictionsTopicAndNeverReturnThem() throws Exception {
        String model = championAndCandidate("shadow");
        route(model, "{\"challenger\": 2, \"mode\": \"shadow\", \"percent\": 0, \"stickyBy\": \"entity\"}");
        awaitMode(model, "shadow");
        given().when().get("/api/v1/routes/" + model).then().body("challenger", equalTo(2));

        List<String> keys = List.of("s-1", "s-2", "s-3");
        try (TopicReader reader = new TopicReader(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                Topics.PREDICTIONS)) {
            JsonPath answer = predict(model, keys);
            assertThat(answer.getList("predictions.version", Integer.class)).containsOnly(1);
            assertThat(answer.getList("predictions.route", String.class)).containsOnly("champion");

            List<JsonNode> shadow = new java.util.ArrayList<>();
            for (var r : reader.await(r -> model.equals(r.key()) && r.value().contains("\"route\":\"shadow\"")
                    && keys.stream().anyMatch(k -> r.value().contains("\"requestId\":\"" + k + "\"")), 3, WAIT)) {
                shadow.add(JSON.readTree(r.value()));
            }
            assertThat(shadow).extracting(e -> e.get("version").asInt()).containsOnly(2);
        }
    }

    @Test
    void shouldAnswerTheHoldoutShareWithTheFallbackApartFromTheCanaryAndLogItAsHoldout() throws Exception {
        String model = championAndCandidate("holdout");
        given().baseUri(RegistryFixture.registryUrl()).contentType(ContentType.JSON)
                .body("{\"fallback\": {\"kind\": \"constant\", \"output\": \"held-out-answer\"}}")
                .when().patch("/api/v1/models/" + model).then().statusCode(200);
        route(model, "{\"challenger\": 2, \"mode\": \"canary\", \"percent\": 20, \"holdoutPercent\": 10}");
        awaitMode(model, "canary");
        given().when().get("/api/v1/routes/" + model).then().body("holdoutPercent", equalTo(10))
                .body("fallback.output", equalTo("held-out-answer"));

        Map<String, String> routeOf = new HashMap<>();
        try (TopicReader reader = new TopicReader(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                Topics.PREDICTIONS)) {
            for (int call = 0; call < 50; call++) {
                List<String> keys = new java.util.ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    keys.add("h-" + (call * 100 + i));
                }
                JsonPath answer = predict(model, keys);
                List<String> routes = answer.getList("predictions.route", String.class);
                List<String> outputs = answer.getList("predictions.output", String.class);
                for (int i = 0; i < keys.size(); i++) {
                    assertThat(outputs.get(i).equals("held-out-answer")).as(keys.get(i)).isEqualTo(routes.get(i).equals("holdout"));
                    routeOf.put(keys.get(i), routes.get(i));
                }
            }
            long held = routeOf.values().stream().filter("holdout"::equals).count();
            long canary = routeOf.values().stream().filter("challenger"::equals).count();
            assertThat(held).as("recipients of 5,000 in the 10 %% holdout").isBetween(400L, 600L);
            assertThat(canary).as("recipients of 5,000 in the 20 %% canary").isBetween(850L, 1_150L);

            String heldKey = routeOf.entrySet().stream().filter(e -> e.getValue().equals("holdout")).findFirst().orElseThrow().getKey();
            JsonPath again = predict(model, List.of(heldKey));
            assertThat(again.getString("predictions[0].route")).isEqualTo("holdout");
            var logged = reader.await(r -> model.equals(r.key()) && r.value().contains("\"requestId\":\"" + heldKey + "\""), 1, WAIT);
            assertThat(JSON.readTree(logged.get(0).value()).get("route").asText()).isEqualTo("holdout");
        }
    }
}
