package io.rtml.registry.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Ports;
import io.rtml.devstack.Tokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The feature store unreachable: registration with featureRefs is a 503 storing nothing; scores go unknown, never 500. */
@QuarkusTest
@TestProfile(FeatureStoreUnavailableTest.NothingListening.class)
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class FeatureStoreUnavailableTest {

    /** The feature store's address is a port nothing listens on. */
    public static class NothingListening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rest-client.feature-store.url", "http://127.0.0.1:" + Ports.freePort());
        }
    }

    @Inject
    DataSource dataSource;

    @BeforeEach
    void signIn() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static String newModel() {
        String name = "nofs-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"name\": \"" + name + "\"}")
                .when().post("/api/v1/models").then().statusCode(201);
        return name;
    }

    private static String metadata(String refs, String card) {
        return """
                {"format": "tribuo",
                 "signature": {"inputs": [{"name": "tz", "datatype": "FP64"}], "outputs": [{"name": "label", "datatype": "BYTES"}]},
                 "baselineProfile": %s, "featureRefs": %s, "dataCard": %s}"""
                .formatted(ModelRegistryResourceTest.PROFILE, refs, card);
    }

    private static io.restassured.response.ValidatableResponse post(String model, String metadata) {
        return given().multiPart("artifact", "model.bin", "bytes".getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                .multiPart("metadata", metadata, "application/json")
                .when().post("/api/v1/models/" + model + "/versions").then();
    }

    @Test
    void shouldAnswer503WithRetryAfterAndStoreNothingWhenFeatureRefsCannotBeChecked() {
        String model = newModel();
        post(model, metadata("[\"profile:tz\"]", "{\"completeness\": 0.9}")).statusCode(503)
                .header("Retry-After", notNullValue())
                .body("error", containsString("The feature store is unavailable"));
        given().when().get("/api/v1/models/" + model + "/versions").then().statusCode(200).body("", hasSize(0));

        // A card that is wrong anyway is the caller's to fix first: 400, saying the refs were not checked.
        post(model, metadata("[\"profile:tz\"]", "{\"completeness\": 1.5}")).statusCode(400)
                .body("details", hasItems("dataCard.completeness: must be a share in [0, 1], was 1.5"))
                .body("details[1]", containsString("featureRefs: not checked"));
    }

    @Test
    void shouldMarkTheScoreUnknownWhenTheFeatureStoreCannotSayHowFreshItsViewsAre() throws Exception {
        String model = newModel();
        post(model, metadata("[]", "{\"completeness\": 0.9}")).statusCode(201);
        // The version reads a view (as if registered while the feature store answered).
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO version_feature (version_id, view_name, feature, feature_type)"
                     + " SELECT v.id, 'profile', 'tz', 'FP64' FROM model_version v JOIN model m ON m.id = v.model_id WHERE m.name = ?")) {
            insert.setString(1, model);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        given().contentType(ContentType.JSON).body("{\"version\": 1}")
                .when().put("/api/v1/models/" + model + "/aliases/champion").then().statusCode(200);

        given().when().get("/api/v1/models/" + model + "/versions/1").then().statusCode(200)
                .body("resiliency.status", equalTo("unknown"))
                .body("resiliency.score", nullValue());
        given().when().get("/api/v1/versions?model=" + model + "&resiliency=unknown").then().statusCode(200)
                .body("version", hasItems(1));

        // The scheduled refresh asks for the champion's view, gets no answer, and records why.
        Instant deadline = Instant.now().plusSeconds(20);
        String reason = "";
        while (!reason.contains("unavailable") && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            reason = given().when().get("/api/v1/models/" + model + "/versions/1").then().statusCode(200)
                    .extract().path("resiliency.reason");
        }
        assertThat(reason).contains("view 'profile'").contains("The feature store is unavailable").contains("Connection refused");
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("rtml_model_resiliency_score{model=\"" + model + "\",version=\"1\"} NaN");
    }
}
