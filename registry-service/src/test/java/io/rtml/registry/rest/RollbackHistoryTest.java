package io.rtml.registry.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static io.rtml.registry.rest.ModelRegistryResourceTest.metadata;
import static io.rtml.registry.rest.ModelRegistryResourceTest.newModel;
import static io.rtml.registry.rest.ModelRegistryResourceTest.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Rollback walks the champion's history back, one step per call or straight to a named earlier champion. */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class RollbackHistoryTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static String modelWithChampions(int count) {
        String model = newModel();
        for (int v = 1; v <= count; v++) {
            register(model, ("bytes-" + v).getBytes(StandardCharsets.UTF_8), metadata(0.80 + v / 100.0));
            given().contentType(ContentType.JSON).body("{\"version\": " + v + "}")
                    .when().put("/api/v1/models/" + model + "/aliases/champion").then().statusCode(200);
        }
        return model;
    }

    private static ValidatableResponse rollback(String model, String body) {
        return given().auth().oauth2(Tokens.minted("rtml-monitor", Set.of(Roles.SERVICE), null))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/models/" + model + "/rollback").then();
    }

    @Test
    void shouldWalkBackAlongTheChampionHistoryOnRepeatedRollbacksInsteadOfToggling() {
        String model = modelWithChampions(3);
        rollback(model, "{\"reason\": \"drift\"}").statusCode(200).body("version", equalTo(2))
                .body("gate.passed", equalTo(true));
        rollback(model, "{\"reason\": \"still drifting\"}").statusCode(200).body("version", equalTo(1));
        rollback(model, "{}").statusCode(409).body("error", containsString("has no earlier champion"));
        given().when().get("/api/v1/models/" + model + "/aliases").then().body("champion", equalTo(1));

        given().when().get("/api/v1/models/" + model + "/audit").then()
                .body("findAll { it.type == 'rolled-back' }.version", equalTo(List.of(2, 1)))
                .body("findAll { it.type == 'rolled-back' }.details.from", equalTo(List.of(3, 2)))
                .body("findAll { it.type == 'rolled-back' }.actor", equalTo(List.of("rtml-monitor", "rtml-monitor")))
                .body("findAll { it.type == 'rolled-back' }[0].details.gate.passed", equalTo(true));
    }

    @Test
    void shouldRollBackStraightToARequestedEarlierChampionAndRefuseOneThatIsNotOnTheHistory() {
        String model = modelWithChampions(4);
        rollback(model, "{\"toVersion\": 4}").statusCode(409).body("error", containsString("is not an earlier champion"))
                .body("details.history", equalTo(List.of(1, 2, 3, 4)));
        rollback(model, "{\"toVersion\": 9}").statusCode(409);
        rollback(model, "{\"toVersion\": 0}").statusCode(400);

        rollback(model, "{\"toVersion\": 2, \"reason\": \"back to the last good one\"}").statusCode(200).body("version", equalTo(2));
        given().when().get("/api/v1/models/" + model + "/audit").then()
                .body("[-1].type", equalTo("rolled-back")).body("[-1].details.from", equalTo(4))
                .body("[-1].details.toVersion", equalTo(2));
        // 3 and 4 were rolled away from: the next step back is 1, never 3 again.
        rollback(model, "{}").statusCode(200).body("version", equalTo(1));
    }

    @Test
    void shouldAuditARefusedChampionMoveWithItsReportAndChangeNothingElse() {
        String model = newModel();
        String noProfile = metadata(0.80).replaceFirst("(?s)\"baselineProfile\": \\{.*?}}},", "");
        assertThat(noProfile).doesNotContain("baselineProfile");
        register(model, "no-profile".getBytes(StandardCharsets.UTF_8), noProfile);
        given().contentType(ContentType.JSON).body("{\"version\": 1}")
                .when().put("/api/v1/models/" + model + "/aliases/champion")
                .then().statusCode(409).body("details.checks.find { it.name == 'baseline-profile' }.passed", equalTo(false));
        given().when().get("/api/v1/models/" + model + "/audit").then()
                .body("[-1].type", equalTo("alias-refused")).body("[-1].version", equalTo(1))
                .body("[-1].alias", equalTo("champion")).body("[-1].details.action", equalTo("set"))
                .body("[-1].details.gate.passed", equalTo(false)).body("[-1].actor", equalTo("test-admin"));
        given().when().get("/api/v1/models/" + model + "/aliases").then().body("size()", equalTo(0));
    }
}
