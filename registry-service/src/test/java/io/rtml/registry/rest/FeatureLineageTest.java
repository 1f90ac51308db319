package io.rtml.registry.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.PlatformTestResource;
import io.rtml.devstack.Tokens;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

/** featureRefs against a real feature-store process: checked at registration and at the gate, lineage both ways. */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "services", value = "FEATURE_STORE"),
        @ResourceArg(name = "databaseSuffix", value = "_registry_lineage")})
class FeatureLineageTest {

    private static final String VIEW = "lineage_profile";
    private static final Instant NEWEST_EVENT = Instant.now().minus(Duration.ofHours(12));

    @Inject
    DataSource dataSource;

    static String featureStore() {
        return ConfigProvider.getConfig().getValue("rtml.feature-store.url", String.class);
    }

    @BeforeAll
    static void createTheView() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        given().baseUri(featureStore()).contentType(ContentType.JSON)
                .body("{\"name\": \"lineage_recipient\", \"description\": \"an email recipient\"}")
                .when().post("/api/v1/entities").then().statusCode(201);
        given().baseUri(featureStore()).contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "entity": "lineage_recipient", "ttlSeconds": 86400,
                         "features": [{"name": "tz", "type": "FP64"}, {"name": "device", "type": "STRING"},
                                      {"name": "opened", "type": "BOOL"}],
                         "aggregations": [{"name": "opens_7d", "function": "count", "source": "opened", "window": "7d"}]}"""
                        .formatted(VIEW))
                .when().post("/api/v1/feature-views").then().statusCode(201);
        given().baseUri(featureStore()).contentType(ContentType.JSON)
                .body("{\"rows\": [{\"entityKey\": \"r1\", \"eventTime\": \"" + NEWEST_EVENT
                        + "\", \"values\": {\"tz\": -5, \"device\": \"mobile\", \"opened\": true}}]}")
                .when().post("/api/v1/feature-views/" + VIEW + "/rows").then().statusCode(200);
    }

    @BeforeEach
    void signIn() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static String metadata(String inputs, String refs, String extra) {
        return """
                {"format": "tribuo",
                 "signature": {"inputs": %s, "outputs": [{"name": "label", "datatype": "BYTES"}]},
                 "metrics": {"accuracy": 0.8}, "baselineProfile": %s, "featureRefs": %s%s}"""
                .formatted(inputs, ModelRegistryResourceTest.PROFILE, refs, extra);
    }

    private static final String INPUTS = "[{\"name\": \"tz\", \"datatype\": \"FP64\"}, {\"name\": \"device\", \"datatype\": \"BYTES\"},"
            + " {\"name\": \"opens_7d\", \"datatype\": \"FP64\"}]";
    private static final String REFS = "[\"" + VIEW + ":tz\", \"" + VIEW + ":device\", \"" + VIEW + ":opens_7d\"]";
    private static final String DIGEST = "9f".repeat(32);
    private static final String TRAINING_SET = """
            , "trainingSet": {"entityRowsDigest": "%s", "rows": 20000, "asOf": "known",
               "readAt": "2026-11-30T08:00:00Z", "from": "2026-11-01T00:00:00Z", "to": "2026-11-29T00:00:00Z",
               "features": %s},
             "featureRelevance": {"tz": 0.5, "device": 0.2, "opens_7d": 0.3}""".formatted(DIGEST, REFS);

    private static String newModel() {
        String name = "lineage-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"name\": \"" + name + "\"}")
                .when().post("/api/v1/models").then().statusCode(201);
        return name;
    }

    private static io.restassured.response.ValidatableResponse post(String model, String metadata) {
        return given().multiPart("artifact", "model.bin", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8),
                        "application/octet-stream")
                .multiPart("metadata", metadata, "application/json")
                .when().post("/api/v1/models/" + model + "/versions").then();
    }

    @Test
    void shouldRefuseFeatureRefsTheFeatureStoreDoesNotHaveOrWhoseTypeTheSignatureCannotTake() {
        String model = newModel();
        String inputs = "[{\"name\": \"device\", \"datatype\": \"FP64\"}, {\"name\": \"nothing\", \"datatype\": \"FP64\"},"
                + " {\"name\": \"opens_7d\", \"datatype\": \"BOOL\"}]";
        String refs = "[\"no_such_view:nothing\", \"" + VIEW + ":colour\", \"" + VIEW + ":device\", \"" + VIEW + ":tz\", \""
                + VIEW + ":opens_7d\"]";

        post(model, metadata(inputs, refs, "")).statusCode(400)
                .body("details", hasItems(
                        "featureRefs[0] 'no_such_view:nothing': feature view 'no_such_view' does not exist in the feature store",
                        "featureRefs[1] '" + VIEW + ":colour': feature view '" + VIEW + "' has no feature 'colour' (it has tz,"
                                + " device, opened, opens_7d)",
                        "featureRefs[2] '" + VIEW + ":device': the feature is STRING but input 'device' is FP64, which cannot take it",
                        "featureRefs[3] '" + VIEW + ":tz': the signature has no input named 'tz' to take it",
                        "featureRefs[4] '" + VIEW + ":opens_7d': the feature is INT64 but input 'opens_7d' is BOOL, which cannot take it"))
                .body("details", hasSize(5));

        given().when().get("/api/v1/models/" + model + "/versions").then().statusCode(200).body("", hasSize(0));
        given().when().get("/api/v1/feature-views/no_such_view/models").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void shouldRecordTheTrainingSetAndListTheVersionUnderTheViewsItReads() {
        String model = newModel();
        post(model, metadata(INPUTS, REFS, TRAINING_SET)).statusCode(201)
                .body("version", equalTo(1))
                .body("trainingSet.entityRowsDigest", equalTo(DIGEST))
                .body("trainingSet.rows", equalTo(20000))
                .body("featureRelevance.tz", equalTo(0.5f));
        given().contentType(ContentType.JSON).body("{\"version\": 1}")
                .when().put("/api/v1/models/" + model + "/aliases/champion").then().statusCode(200)
                .body("gate.checks.find { it.name == 'feature-refs' }.passed", equalTo(true));

        given().when().get("/api/v1/feature-views/" + VIEW + "/models").then().statusCode(200)
                .body("find { it.model == '" + model + "' }.version", equalTo(1))
                .body("find { it.model == '" + model + "' }.features", equalTo(List.of("device", "opens_7d", "tz")))
                .body("find { it.model == '" + model + "' }.aliases", equalTo(List.of("champion")));

        // The score reads the view's freshness as the feature store reported it at registration, aged to now.
        var resiliency = given().when().get("/api/v1/models/" + model + "/versions/1").then().statusCode(200)
                .extract().jsonPath();
        float viewAge = resiliency.getFloat("resiliency.viewAgeSeconds." + VIEW);
        assertThat((double) viewAge).isCloseTo(Duration.between(NEWEST_EVENT, Instant.now()).toSeconds(), within(120.0));
        // Every feature reads the same view, so the relevance weights cancel: F = 2^(-age / 1 day).
        assertThat((double) resiliency.getFloat("resiliency.featureFreshness"))
                .isCloseTo(Math.pow(2, -viewAge / 86_400.0), within(1e-3));
        assertThat(resiliency.getString("resiliency.status")).isEqualTo("ok");
    }

    @Test
    void shouldCheckTheFeatureRefsAgainAtTheChampionGate() throws Exception {
        String model = newModel();
        post(model, metadata(INPUTS, REFS, "")).statusCode(201);
        // A version registered while a view existed that the feature store no longer has (a store rebuilt
        // without it): copied from v1 with its refs pointing there.
        try (Connection c = dataSource.getConnection();
             PreparedStatement copy = c.prepareStatement("""
                     INSERT INTO model_version (model_id, version, format, artifact_sha256, signature, metrics, slice_metrics,
                         params, data_card, baseline_profile, feature_refs, provenance, description, created_by, created_at)
                     SELECT model_id, 2, format, artifact_sha256, signature, metrics, slice_metrics, params, data_card,
                         baseline_profile, '["retired_view:tz"]', provenance, description, created_by, created_at
                     FROM model_version WHERE version = 1 AND model_id = (SELECT id FROM model WHERE name = ?)""")) {
            copy.setString(1, model);
            assertThat(copy.executeUpdate()).isEqualTo(1);
        }

        given().contentType(ContentType.JSON).body("{\"version\": 2}")
                .when().put("/api/v1/models/" + model + "/aliases/champion").then().statusCode(409)
                .body("details.checks.find { it.name == 'feature-refs' }.passed", equalTo(false))
                .body("details.checks.find { it.name == 'feature-refs' }.message",
                        containsString("feature view 'retired_view' does not exist in the feature store"));
        given().when().get("/api/v1/models/" + model + "/aliases").then().statusCode(200).body("champion", equalTo(null));
    }
}
