package io.rtml.inference.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.PlatformTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.runtime.TestModels;
import io.rtml.inference.runtime.TribuoRuntime;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "services", value = "REGISTRY,FEATURE_STORE"),
        @ResourceArg(name = "databaseSuffix", value = "_inference_predict_test")})
class PredictResourceTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static final String VIEW = "timing";
    private static final String REFS = "[\"timing:hour\", \"timing:tz\", \"timing:device\"]";
    private static final String STALE_VIEW = "timing_stale";
    private static final Model<Label> MODEL = TestModels.cart(21);
    private static String name;
    private static String batched;
    private static String stale;

    static String featureStoreUrl() {
        return ConfigProvider.getConfig().getValue("rtml.feature-store.url", String.class);
    }

    @BeforeAll
    static void registerModelAndFeatures() throws Exception {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        given().baseUri(featureStoreUrl()).contentType(ContentType.JSON)
                .body("{\"name\": \"recipient\", \"description\": \"an email recipient\"}")
                .when().post("/api/v1/entities").then().statusCode(201);
        given().baseUri(featureStoreUrl()).contentType(ContentType.JSON)
                .body("{\"name\": \"" + VIEW + "\", \"entity\": \"recipient\", \"ttlSeconds\": 86400, \"features\": ["
                        + "{\"name\": \"hour\", \"type\": \"FP64\"}, {\"name\": \"tz\", \"type\": \"FP64\"},"
                        + "{\"name\": \"device\", \"type\": \"STRING\"}]}")
                .when().post("/api/v1/feature-views").then().statusCode(201);
        String now = Instant.now().toString();
        given().baseUri(featureStoreUrl()).contentType(ContentType.JSON)
                .body("{\"rows\": ["
                        + "{\"entityKey\": \"r1\", \"eventTime\": \"" + now + "\", \"values\": {\"hour\": 1, \"tz\": 0, \"device\": \"mobile\"}},"
                        + "{\"entityKey\": \"r2\", \"eventTime\": \"" + now + "\", \"values\": {\"hour\": 20, \"tz\": 3, \"device\": \"desktop\"}}]}")
                .when().post("/api/v1/feature-views/" + VIEW + "/rows").then().statusCode(200);

        // A view whose TTL has passed for r1's row: its value is stale, not missing.
        given().baseUri(featureStoreUrl()).contentType(ContentType.JSON)
                .body("{\"name\": \"" + STALE_VIEW + "\", \"entity\": \"recipient\", \"ttlSeconds\": 60, \"features\": ["
                        + "{\"name\": \"tz\", \"type\": \"FP64\"}]}")
                .when().post("/api/v1/feature-views").then().statusCode(201);
        given().baseUri(featureStoreUrl()).contentType(ContentType.JSON)
                .body("{\"rows\": [{\"entityKey\": \"r1\", \"eventTime\": \"" + Instant.now().minusSeconds(3600)
                        + "\", \"values\": {\"tz\": 5}}]}")
                .when().post("/api/v1/feature-views/" + STALE_VIEW + "/rows").then().statusCode(200);

        name = "predict-" + UUID.randomUUID().toString().substring(0, 8);
        RegistryFixture.createModel(name);
        RegistryFixture.register(name, MODEL, 0.9, REFS);
        RegistryFixture.setChampion(name, 1);

        batched = name + "-batched";
        RegistryFixture.createModel(batched);
        RegistryFixture.register(batched, MODEL, 0.9, REFS,
                "{\"batching.max-batch-size\": 64, \"batching.max-queue-delay-ms\": 20}");
        RegistryFixture.setChampion(batched, 1);

        stale = name + "-stale";
        RegistryFixture.createModel(stale);
        RegistryFixture.register(stale, MODEL, 0.9, "[\"timing:hour\", \"" + STALE_VIEW + ":tz\", \"timing:device\"]");
        RegistryFixture.setChampion(stale, 1);
    }

    private static double metric(String name, String labels) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Test
    void shouldReadTheFeatureStoreOnceForAllTheKeysOfACall() {
        double before = metric("rtml_inference_feature_store_reads_total", "outcome=\"ok\"");
        given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"entityKey\": \"r1\"}, {\"entityKey\": \"r2\"}, {\"entityKey\": \"r1\"},"
                        + " {\"entityKey\": \"nobody\"}]}")
                .when().post("/api/v1/predict/" + name).then().statusCode(200).body("predictions", hasSize(4));
        assertThat(metric("rtml_inference_feature_store_reads_total", "outcome=\"ok\"") - before).isEqualTo(1.0);
    }

    @Test
    void shouldAnswerAnUnknownEntityOnItsOwnInstanceAndScoreTheOthers() {
        String expected = TribuoRuntime.load(TestModels.protobufBytes(MODEL))
                .predict(List.of(Map.of("hour", 20.0, "tz", 3.0, "device", "desktop"))).get(0).label();
        given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"entityKey\": \"nobody\"}, {\"entityKey\": \"r2\"}]}")
                .when().post("/api/v1/predict/" + name)
                .then().statusCode(200)
                .body("predictions[0].output", nullValue())
                .body("predictions[0].error", containsString("entity key not found in the feature store"))
                .body("predictions[0].missingFeatures", equalTo(List.of("hour", "tz", "device")))
                .body("predictions[1].output", equalTo(expected))
                .body("predictions[1].error", nullValue());
    }

    @Test
    void shouldReportAStaleFeatureApartFromANeverWrittenOne() {
        given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"entityKey\": \"r1\"}, {\"entityKey\": \"r2\"}]}")
                .when().post("/api/v1/predict/" + stale)
                .then().statusCode(200)
                .body("predictions[0].staleFeatures", equalTo(List.of("tz")))
                .body("predictions[0].missingFeatures", hasSize(0))
                .body("predictions[0].output", notNullValue())
                .body("predictions[1].staleFeatures", hasSize(0))
                .body("predictions[1].missingFeatures", equalTo(List.of("tz")));
    }

    @Test
    void shouldCoalesceConcurrentPredictionsIntoBatchesWithTheSameAnswers() throws Exception {
        TribuoRuntime direct = TribuoRuntime.load(TestModels.protobufBytes(MODEL));
        List<Map<String, Object>> rows = TestModels.rows(48, 77);
        List<String> expected = direct.predict(rows).stream().map(s -> s.label()).toList();
        double callsBefore = metric("rtml_inference_batch_size_count", "model=\"" + batched + "\"");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (Map<String, Object> row : rows) {
                answers.add(pool.submit(() -> given().contentType(ContentType.JSON)
                        .body(Map.of("instances", List.of(Map.of("features", row))))
                        .when().post("/api/v1/predict/" + batched)
                        .then().statusCode(200).extract().<String>path("predictions[0].output")));
            }
            for (int i = 0; i < rows.size(); i++) {
                assertThat(answers.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(expected.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
        double calls = metric("rtml_inference_batch_size_count", "model=\"" + batched + "\"") - callsBefore;
        double rowsScored = metric("rtml_inference_batch_size_sum", "model=\"" + batched + "\"");
        assertThat(rowsScored).isGreaterThanOrEqualTo(48);
        assertThat(calls).isLessThan(48);
    }

    @Test
    void shouldPredictByEntityKeyWithFeaturesFromTheFeatureStore() {
        List<String> expected = TribuoRuntime.load(TestModels.protobufBytes(MODEL)).predict(List.of(
                        Map.of("hour", 1.0, "tz", 0.0, "device", "mobile"),
                        Map.of("hour", 20.0, "tz", 3.0, "device", "desktop")))
                .stream().map(s -> s.label()).toList();
        given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"entityKey\": \"r1\", \"requestId\": \"a\"}, {\"entityKey\": \"r2\"}]}")
                .when().post("/api/v1/predict/" + name)
                .then().statusCode(200)
                .body("model", equalTo(name))
                .body("version", equalTo(1))
                .body("route", equalTo("champion"))
                .body("predictions", hasSize(2))
                .body("predictions.output", equalTo(expected))
                .body("predictions[0].requestId", equalTo("a"))
                .body("predictions[1].requestId", notNullValue())
                .body("predictions[0].missingFeatures", hasSize(0));
    }

    @Test
    void shouldLetRawFeaturesOverrideStoredOnes() {
        String stored = given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"entityKey\": \"r1\"}]}")
                .when().post("/api/v1/predict/" + name).then().statusCode(200).extract().path("predictions[0].output");
        String overridden = given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"entityKey\": \"r1\", \"features\": {\"hour\": 22, \"tz\": 1}}]}")
                .when().post("/api/v1/predict/" + name).then().statusCode(200).extract().path("predictions[0].output");
        org.assertj.core.api.Assertions.assertThat(stored).isEqualTo("early");
        org.assertj.core.api.Assertions.assertThat(overridden).isEqualTo("late");
    }

    @Test
    void shouldSayWhichInputsWereMissingForAnUnknownEntity() {
        given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"entityKey\": \"nobody\", \"features\": {\"hour\": 5}}]}")
                .when().post("/api/v1/predict/" + name)
                .then().statusCode(200)
                .body("predictions[0].missingFeatures", equalTo(List.of("tz", "device")));
    }

    @Test
    void shouldRejectAnEmptyOrOversizedRequest() {
        given().contentType(ContentType.JSON).body("{\"instances\": []}")
                .when().post("/api/v1/predict/" + name)
                .then().statusCode(400).body("error", containsString("at least one instance"));
        given().contentType(ContentType.JSON).body("{\"instances\": [{}]}")
                .when().post("/api/v1/predict/" + name)
                .then().statusCode(400).body("error", containsString("instances[0] needs an entityKey"));
    }

    @Test
    void shouldListTheServingChampion() throws Exception {
        RegistryFixture.awaitServing(name, 1, Duration.ofSeconds(30));
        given().when().get("/api/v1/models").then().statusCode(200)
                .body("find { it.model == '" + name + "' }.format", equalTo("tribuo"));
    }
}
