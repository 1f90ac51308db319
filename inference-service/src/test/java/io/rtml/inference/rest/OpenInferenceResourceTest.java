package io.rtml.inference.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.PlatformTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicReader;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.runtime.TestModels;
import io.rtml.inference.runtime.TribuoRuntime;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "services", value = "REGISTRY"),
        @ResourceArg(name = "databaseSuffix", value = "_inference_oip_test")})
class OpenInferenceResourceTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static final String INFER = """
            {"id": "req-1", "inputs": [
              {"name": "hour", "shape": [3], "datatype": "FP64", "data": [1, 20, 11]},
              {"name": "tz", "shape": [3, 1], "datatype": "FP64", "data": [[0], [3], [2]]},
              {"name": "device", "shape": [3], "datatype": "BYTES", "data": ["mobile", "desktop", "mobile"]}]}""";

    private static String champion(Model<Label> model) throws InterruptedException {
        String name = "oip-" + UUID.randomUUID().toString().substring(0, 8);
        RegistryFixture.createModel(name);
        int v = RegistryFixture.register(name, model, 0.9, "[]");
        RegistryFixture.setChampion(name, v);
        return name;
    }

    @Test
    void shouldAnswerInferWithTheSameLabelsAsTheRegisteredTribuoModel() throws Exception {
        Model<Label> model = TestModels.cart(11);
        String name = champion(model);
        List<String> expected = TribuoRuntime.load(TestModels.protobufBytes(model)).predict(List.of(
                Map.of("hour", 1.0, "tz", 0.0, "device", "mobile"),
                Map.of("hour", 20.0, "tz", 3.0, "device", "desktop"),
                Map.of("hour", 11.0, "tz", 2.0, "device", "mobile"))).stream().map(s -> s.label()).toList();

        given().contentType(ContentType.JSON).body(INFER)
                .when().post("/v2/models/" + name + "/infer")
                .then().statusCode(200)
                .body("model_name", equalTo(name))
                .body("model_version", equalTo("1"))
                .body("id", equalTo("req-1"))
                .body("outputs[0].name", equalTo("label"))
                .body("outputs[0].datatype", equalTo("BYTES"))
                .body("outputs[0].data", equalTo(expected))
                .body("outputs[1].shape", equalTo(List.of(3, 2)));
        assertThat(expected).containsExactly("early", "late", "late");
    }

    @Test
    void shouldSwitchToANewChampionWhenTheRegistrySaysSo() throws Exception {
        String name = champion(TestModels.cart(12));
        RegistryFixture.awaitServing(name, 1, Duration.ofSeconds(30));
        int v2 = RegistryFixture.register(name, TestModels.logistic(13), 0.95, "[]");
        RegistryFixture.setChampion(name, v2);
        RegistryFixture.awaitServing(name, 2, Duration.ofSeconds(30));
        given().contentType(ContentType.JSON).body(INFER)
                .when().post("/v2/models/" + name + "/infer")
                .then().statusCode(200).body("model_version", equalTo("2"));
        given().contentType(ContentType.JSON).body(INFER)
                .when().post("/v2/models/" + name + "/versions/1/infer")
                .then().statusCode(200).body("model_version", equalTo("1"));
    }

    @Test
    void shouldPublishEveryAnswerOnThePredictionsTopicKeyedByModel() throws Exception {
        String name = champion(TestModels.cart(14));
        given().contentType(ContentType.JSON).body(INFER).when().post("/v2/models/" + name + "/infer").then().statusCode(200);
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicReader reader = new TopicReader(bootstrap, "rtml.predictions")) {
            var records = reader.await(r -> name.equals(r.key()), 3, Duration.ofSeconds(30));
            assertThat(records.get(0).value()).contains("\"requestId\":\"req-1/0\"", "\"route\":\"champion\"",
                    "\"version\":1", "\"hour\":1.0");
        }
    }

    @Test
    void shouldRejectAnInputTheModelDoesNotDeclare() throws Exception {
        String name = champion(TestModels.cart(15));
        given().contentType(ContentType.JSON)
                .body("{\"inputs\": [{\"name\": \"colour\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"red\"]}]}")
                .when().post("/v2/models/" + name + "/infer")
                .then().statusCode(400).body("error", containsString("'colour' is not an input"));
    }

    @Test
    void shouldRejectDataThatDoesNotFitTheShape() throws Exception {
        String name = champion(TestModels.cart(16));
        given().contentType(ContentType.JSON)
                .body("{\"inputs\": [{\"name\": \"hour\", \"shape\": [2], \"datatype\": \"FP64\", \"data\": [1]}]}")
                .when().post("/v2/models/" + name + "/infer")
                .then().statusCode(400).body("error", containsString("carries 1"));
        given().contentType(ContentType.JSON)
                .body("{\"inputs\": [{\"name\": \"hour\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [\"x\"]}]}")
                .when().post("/v2/models/" + name + "/infer")
                .then().statusCode(400).body("error", containsString("FP64 but holds"));
    }

    @Test
    void shouldNameTheModelInputsAnInferLeavesOut() throws Exception {
        String name = champion(TestModels.cart(19));
        given().contentType(ContentType.JSON)
                .body("{\"inputs\": [{\"name\": \"hour\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [20]}]}")
                .when().post("/v2/models/" + name + "/infer")
                .then().statusCode(400)
                .body("error", containsString("inputs [tz, device] of " + name + " v1 are missing"))
                .body("details.missingInputs", equalTo(List.of("tz", "device")));
    }

    @Test
    void shouldScoreLeftOutInputsAsMissingValuesWhenTheRequestAllowsIt() throws Exception {
        Model<Label> model = TestModels.cart(20);
        String name = champion(model);
        String expected = TribuoRuntime.load(TestModels.protobufBytes(model))
                .predict(List.of(Map.of("hour", 20.0))).get(0).label();
        given().contentType(ContentType.JSON)
                .body("{\"parameters\": {\"allow_missing_inputs\": true}, \"inputs\": [{\"name\": \"hour\", "
                        + "\"shape\": [1], \"datatype\": \"FP64\", \"data\": [20]}]}")
                .when().post("/v2/models/" + name + "/infer")
                .then().statusCode(200)
                .body("outputs[0].data", equalTo(List.of(expected)));
    }

    @Test
    void shouldAnswer404ForAModelTheRegistryDoesNotKnow() {
        given().contentType(ContentType.JSON).body(INFER).when().post("/v2/models/nobody-knows/infer")
                .then().statusCode(404).body("error", equalTo("Model 'nobody-knows' is not registered"));
        given().when().get("/v2/models/nobody-knows/ready").then().statusCode(404);
    }

    @Test
    void shouldDescribeTheServerAndAModelAsTheProtocolSays() throws Exception {
        String name = champion(TestModels.cart(17));
        given().when().get("/v2").then().statusCode(200).body("name", equalTo("rtml-inference"));
        given().when().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().when().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        given().when().get("/v2/models/" + name).then().statusCode(200)
                .body("name", equalTo(name))
                .body("platform", equalTo("tribuo_cpu"))
                .body("inputs", hasSize(3))
                .body("outputs.name", equalTo(List.of("label", "scores")));
        given().when().get("/v2/models/" + name + "/versions/1/ready").then().statusCode(200).body("ready", equalTo(true));
        given().when().get("/v2/models/" + name + "/versions/x/ready").then().statusCode(400);
    }

    @Test
    void shouldExposeServingMetrics() throws Exception {
        String name = champion(TestModels.cart(18));
        given().contentType(ContentType.JSON).body(INFER).when().post("/v2/models/" + name + "/infer").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("rtml_inference_requests_total{"))
                .body(containsString("rtml_inference_latency_seconds_bucket{"))
                .body(containsString("rtml_model_loaded{model=\"" + name + "\",version=\"1\"} 1.0"))
                .body(containsString("rtml_inference_in_flight"))
                .body(containsString("rtml_prediction_spill_size"));
    }

    @Test
    void shouldListEveryServableVersionAndAShapeForEveryInputInTheMetadata() throws Exception {
        String name = champion(TestModels.cart(19));
        RegistryFixture.register(name, TestModels.logistic(20), 0.95, "[]");
        int archived = RegistryFixture.register(name, TestModels.logistic(21), 0.95, "[]");
        given().baseUri(RegistryFixture.registryUrl()).contentType(ContentType.JSON).body("{\"actor\": \"test\"}")
                .when().post("/api/v1/models/" + name + "/versions/" + archived + "/archive").then().statusCode(200);

        given().when().get("/v2/models/" + name).then().statusCode(200)
                .body("versions", equalTo(List.of("1", "2")))
                .body("inputs.name", equalTo(List.of("hour", "tz", "device")))
                .body("inputs.shape", equalTo(List.of(List.of(-1), List.of(-1), List.of(-1))))
                .body("outputs.shape", equalTo(List.of(List.of(-1), List.of(-1, 2))));
        given().when().get("/v2/models/" + name + "/versions/2").then().statusCode(200)
                .body("versions", equalTo(List.of("2", "1")));
    }

    @Test
    void shouldAnswer503WithTheReasonWhenTheChampionCannotBeLoaded() {
        String name = RegistryFixture.corruptChampion("oip");

        given().contentType(ContentType.JSON).body(INFER).when().post("/v2/models/" + name + "/infer")
                .then().statusCode(503)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("error", containsString(name + " v1 failed to load"));
        given().when().get("/v2/models/" + name).then().statusCode(503)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("error", containsString(name + " v1 failed to load"));
        given().when().get("/v2/models/" + name + "/ready").then().statusCode(503).body("ready", equalTo(false));
    }

    /**
     * The runtime refuses the row on the worker pool, so the failure reaches the HTTP layer off the
     * request's event loop; under concurrency that used to surface as a 500 (ContextNotActiveException
     * in the error mapper) instead of the 400.
     */
    @Test
    void shouldAnswer400WhenTheRuntimeRejectsARowOffTheEventLoop() throws Exception {
        String name = champion(TestModels.cart(22));
        // Every input is present, but as categories the model never saw: no feature it knows is left.
        String unseen = """
                {"inputs": [{"name": "hour", "shape": [1], "datatype": "BYTES", "data": ["noon"]},
                            {"name": "tz", "shape": [1], "datatype": "BYTES", "data": ["utc"]},
                            {"name": "device", "shape": [1], "datatype": "BYTES", "data": ["tablet"]}]}""";
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                statuses.add(callers.submit(() -> given().contentType(ContentType.JSON).body(unseen)
                        .when().post("/v2/models/" + name + "/infer").statusCode()));
            }
            // The readiness probe of a model not registered yet fails on the registry client's thread.
            List<Future<Integer>> unknown = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                unknown.add(callers.submit(() -> given().when().get("/v2/models/nobody-knows-" + name + "/ready")
                        .statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(400);
            }
            for (Future<Integer> status : unknown) {
                assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(404);
            }
        } finally {
            callers.shutdownNow();
        }
        given().contentType(ContentType.JSON).body(unseen).when().post("/v2/models/" + name + "/infer")
                .then().statusCode(400).body("error", containsString("cannot score the input"));
    }
}
