package io.rtml.inference.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.PlatformTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.runtime.TestModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load-and-answer check against a real registry process: a real model loads outside the serving set and
 * answers rows drawn from its baseline with well-formed outputs, a corrupt artifact is a failed report naming
 * the load error, and validating never changes what serves.
 */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "services", value = "REGISTRY"),
        @ResourceArg(name = "databaseSuffix", value = "_inference_validate_test")})
class CandidateValidationTest {

    @BeforeEach
    void signInAsService() {
        Tokens.signIn(Tokens.of(Roles.SERVICE));
    }

    @Test
    void shouldLoadARealCandidateOutsideTheServingSetAndReportItsAnswers() {
        String model = "validate-" + UUID.randomUUID().toString().substring(0, 8);
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        RegistryFixture.createModel(model);
        int version = RegistryFixture.register(model, TestModels.cart(41), 0.9, "[]");
        Tokens.signIn(Tokens.of(Roles.SERVICE));

        JsonPath report = given().when().post("/api/v1/validate/" + model + "/" + version)
                .then().statusCode(200).extract().jsonPath();
        assertThat(report.getBoolean("passed")).as(report.prettify()).isTrue();
        assertThat(report.getString("format")).isEqualTo("tribuo");
        assertThat(report.getInt("rows")).isEqualTo(32);
        assertThat(report.getString("rowsFrom")).isEqualTo("baseline profile");
        assertThat(report.getLong("loadMillis")).isGreaterThanOrEqualTo(0);
        assertThat(report.getDouble("latencyMillisP50")).isPositive();
        assertThat(report.getList("checks.name", String.class)).containsExactly("load", "answers", "labels", "scores");

        // Validating loaded nothing into the serving set.
        assertThat(given().auth().oauth2(Tokens.of(Roles.ADMIN)).when().get("/api/v1/models")
                .then().statusCode(200).extract().jsonPath().getList("model", String.class)).doesNotContain(model);
        assertThat(given().when().get("/q/metrics").then().extract().asString())
                .doesNotContain("rtml_model_loaded{model=\"" + model + "\"");
    }

    @Test
    void shouldFailTheReportOfACorruptArtifactWithItsLoadError() {
        String model = "validate-corrupt-" + UUID.randomUUID().toString().substring(0, 8);
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        RegistryFixture.createModel(model);
        int version = RegistryFixture.registerArtifact(model, new byte[] {7, 1, 2, 3, 9, 9, 9, 0x55}, 0.9, "[]");
        Tokens.signIn(Tokens.of(Roles.SERVICE));

        JsonPath report = given().when().post("/api/v1/validate/" + model + "/" + version)
                .then().statusCode(200).extract().jsonPath();
        assertThat(report.getBoolean("passed")).isFalse();
        assertThat(report.getString("checks[0].name")).isEqualTo("load");
        assertThat(report.getBoolean("checks[0].passed")).isFalse();
        assertThat(report.getString("checks[0].detail")).contains(model + " v" + version + " failed to load");
    }

    @Test
    void shouldAnswer404ForAVersionTheRegistryDoesNotKnowAnd403ForATenant() {
        given().when().post("/api/v1/validate/nobody-" + UUID.randomUUID() + "/1").then().statusCode(404);
        given().auth().oauth2(Tokens.tenant("someone")).when().post("/api/v1/validate/any/1").then().statusCode(403);
    }
}
