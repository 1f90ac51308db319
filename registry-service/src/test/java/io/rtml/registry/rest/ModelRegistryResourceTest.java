package io.rtml.registry.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicReader;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class ModelRegistryResourceTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    static final String PROFILE = """
            {"rows": 3, "features": {"opens_30d": {"type": "numeric", "edges": [2.0], "counts": [1, 2],
              "count": 3, "missing": 0, "min": 1.0, "max": 5.0, "mean": 3.0, "m2": 8.0}}}""";

    static String metadata(double accuracy) {
        return """
                {"format": "tribuo",
                 "signature": {"inputs": [{"name": "opens_30d", "datatype": "FP64"}],
                               "outputs": [{"name": "label", "datatype": "BYTES"}]},
                 "metrics": {"accuracy": %s},
                 "sliceMetrics": {"device=mobile": {"accuracy": %s}},
                 "dataCard": {"sources": [{"name": "esp-events", "party": "first"}], "completeness": 0.98},
                 "baselineProfile": %s,
                 "featureRefs": [],
                 "provenance": {"trainer": "CART", "seed": 42},
                 "description": "%s",
                 "createdBy": "alice"}""".formatted(accuracy, accuracy, PROFILE, "a long model card. ".repeat(400));
    }

    static String newModel() {
        String name = "sto-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"industry\": \"retail\", \"tags\": [\"send-time\"]}")
                .when().post("/api/v1/models")
                .then().statusCode(201).body("name", equalTo(name));
        return name;
    }

    static int register(String model, byte[] artifact, String metadata) {
        return given().multiPart("artifact", "model.bin", artifact, "application/octet-stream")
                .multiPart("metadata", metadata, "application/json")
                .when().post("/api/v1/models/" + model + "/versions")
                .then().statusCode(201)
                .extract().path("version");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void shouldRegisterVersionsWithIncreasingNumbersAndServeTheArtifactWithItsSha256AsETag() throws Exception {
        String model = newModel();
        byte[] bytes = "model-bytes-v1".getBytes(StandardCharsets.UTF_8);
        assertThat(register(model, bytes, metadata(0.8))).isEqualTo(1);
        assertThat(register(model, "model-bytes-v2".getBytes(StandardCharsets.UTF_8), metadata(0.81))).isEqualTo(2);

        given().when().get("/api/v1/models/" + model + "/versions/1")
                .then().statusCode(200)
                .body("sha256", equalTo(sha256(bytes)))
                .body("sizeBytes", equalTo(bytes.length))
                .body("metrics.accuracy", equalTo(0.8f))
                .body("dataCard.sources[0].party", equalTo("first"))
                .body("baselineProfile.features.opens_30d.type", equalTo("numeric"));

        byte[] downloaded = given().when().get("/api/v1/models/" + model + "/versions/1/artifact")
                .then().statusCode(200)
                .header("ETag", "\"" + sha256(bytes) + "\"")
                .extract().asByteArray();
        assertThat(downloaded).isEqualTo(bytes);

        given().header("If-None-Match", "\"" + sha256(bytes) + "\"")
                .when().get("/api/v1/models/" + model + "/versions/1/artifact")
                .then().statusCode(304);

        given().when().get("/api/v1/models/" + model + "/versions")
                .then().statusCode(200).body("", hasSize(2));
    }

    @Test
    void shouldRejectArtifactWithWrongChecksumAndStoreNothing() {
        String model = newModel();
        String meta = metadata(0.8).replace("\"format\": \"tribuo\"", "\"format\": \"tribuo\", \"sha256\": \"" + "0".repeat(64) + "\"");
        given().multiPart("artifact", "model.bin", "abc".getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                .multiPart("metadata", meta, "application/json")
                .when().post("/api/v1/models/" + model + "/versions")
                .then().statusCode(400)
                .body("error", containsString("checksum mismatch"));
        given().when().get("/api/v1/models/" + model + "/versions").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void shouldExplainEveryProblemInInvalidMetadata() {
        String model = newModel();
        given().multiPart("artifact", "model.bin", "abc".getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                .multiPart("metadata", "{\"format\": \"pickle\", \"signature\": {\"inputs\": [{\"name\": \"x\", \"datatype\": \"FLOAT\"}]},"
                        + " \"baselineProfile\": {\"features\": {\"x\": {\"type\": \"numeric\", \"edges\": [2, 1]}}}}", "application/json")
                .when().post("/api/v1/models/" + model + "/versions")
                .then().statusCode(400)
                .body("error", containsString("format must be one of"))
                .body("error", containsString("datatype must be one of"))
                .body("error", containsString("baselineProfile is not a valid profile"))
                .body("details", hasSize(3));
    }

    @Test
    void shouldAnswer404NamingTheMissingModelOrVersion() {
        given().when().get("/api/v1/models/no-such-model").then().statusCode(404)
                .body("error", equalTo("Model 'no-such-model' does not exist"));
        String model = newModel();
        given().when().get("/api/v1/models/" + model + "/versions/7").then().statusCode(404)
                .body("error", containsString("has no version 7"));
    }

    @Test
    void shouldRejectDuplicateAndMalformedModelNames() {
        String model = newModel();
        given().contentType(ContentType.JSON).body("{\"name\": \"" + model + "\"}")
                .when().post("/api/v1/models").then().statusCode(409).body("error", containsString("already exists"));
        given().contentType(ContentType.JSON).body("{\"name\": \"Bad Name!\"}")
                .when().post("/api/v1/models").then().statusCode(400).body("error", containsString("name"));
        given().contentType(ContentType.JSON).body("{\"name\": ")
                .when().post("/api/v1/models").then().statusCode(400).body("error", containsString("not valid JSON"));
    }

    @Test
    void shouldFilterTheCatalogueByIndustryTagAndText() {
        String model = newModel();
        given().when().get("/api/v1/models?industry=retail&tag=send-time&q=" + model.substring(4))
                .then().statusCode(200).body("name", hasItem(model));
        given().when().get("/api/v1/models?industry=travel&q=" + model.substring(4))
                .then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void shouldSetChampionThroughTheGateAndRefuseAWorseVersionWithTheReport() {
        String model = newModel();
        register(model, "a".getBytes(StandardCharsets.UTF_8), metadata(0.80));
        register(model, "b".getBytes(StandardCharsets.UTF_8), metadata(0.60));

        given().auth().oauth2(Tokens.minted("alice", Set.of(Roles.OPERATOR), null)).contentType(ContentType.JSON).body("{\"version\": 1, \"actor\": \"forged\"}")
                .when().put("/api/v1/models/" + model + "/aliases/champion")
                .then().statusCode(200).body("version", equalTo(1)).body("gate.passed", equalTo(true));

        given().auth().oauth2(Tokens.minted("bob", Set.of(Roles.OPERATOR), null)).contentType(ContentType.JSON).body("{\"version\": 2, \"actor\": \"forged\"}")
                .when().put("/api/v1/models/" + model + "/aliases/champion")
                .then().statusCode(409)
                .body("details.passed", equalTo(false))
                .body("details.checks.find { it.name == 'metrics' }.message", containsString("accuracy 0.6000 vs champion 0.8000"));

        given().when().get("/api/v1/models/" + model)
                .then().statusCode(200).body("aliases.champion", equalTo(1)).body("latestVersion", equalTo(2));
    }

    @Test
    void shouldRollBackChampionToThePreviousChampion() {
        String model = newModel();
        register(model, "a".getBytes(StandardCharsets.UTF_8), metadata(0.80));
        register(model, "b".getBytes(StandardCharsets.UTF_8), metadata(0.85));
        given().contentType(ContentType.JSON).body("{\"version\": 1}").when().put("/api/v1/models/" + model + "/aliases/champion").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"version\": 2}").when().put("/api/v1/models/" + model + "/aliases/champion").then().statusCode(200);

        given().auth().oauth2(Tokens.minted("oncall", Set.of(Roles.OPERATOR), null)).contentType(ContentType.JSON).body("{\"actor\": \"forged\", \"reason\": \"drift\"}")
                .when().post("/api/v1/models/" + model + "/rollback")
                .then().statusCode(200).body("version", equalTo(1));
        given().when().get("/api/v1/models/" + model + "/audit")
                .then().statusCode(200)
                .body("type", equalTo(java.util.List.of("registered", "registered", "alias-set", "alias-set", "rolled-back")))
                .body("[4].details.from", equalTo(2))
                .body("[4].actor", equalTo("oncall"));
    }

    @Test
    void shouldEmitEveryLifecycleChangeOnKafkaKeyedByModelName() {
        String model = newModel();
        register(model, "x".getBytes(StandardCharsets.UTF_8), metadata(0.7));
        given().auth().oauth2(Tokens.minted("alice", Set.of(Roles.OPERATOR), null)).contentType(ContentType.JSON).body("{\"version\": 1, \"actor\": \"forged\"}")
                .when().put("/api/v1/models/" + model + "/aliases/champion").then().statusCode(200);

        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicReader reader = new TopicReader(bootstrap, "rtml.model-lifecycle")) {
            var records = reader.await(r -> model.equals(r.key()), 2, Duration.ofSeconds(30));
            assertThat(records.get(0).value()).contains("\"type\":\"registered\"", "\"version\":1");
            assertThat(records.get(1).value()).contains("\"type\":\"alias-set\"", "\"alias\":\"champion\"", "\"actor\":\"alice\"");
        }
        given().when().get("/api/v1/models/" + model + "/audit")
                .then().statusCode(200).body("published", equalTo(java.util.List.of(true, true)));
    }

    @Test
    void shouldExposeHealthOpenApiAndRtmlMetrics() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/models"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("rtml_registry_outbox_pending"));
        assertThat(given().when().get("/q/health/live").then().extract().path("status").toString()).isEqualTo("UP");
        given().when().get("/q/health/live").then().body("checks", notNullValue());
    }
}
