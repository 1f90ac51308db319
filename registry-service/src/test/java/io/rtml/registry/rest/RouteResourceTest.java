package io.rtml.registry.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicReader;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static io.rtml.registry.rest.ModelRegistryResourceTest.PROFILE;
import static io.rtml.registry.rest.ModelRegistryResourceTest.metadata;
import static io.rtml.registry.rest.ModelRegistryResourceTest.newModel;
import static io.rtml.registry.rest.ModelRegistryResourceTest.register;
import static io.rtml.registry.rest.TenantSubscriptionResourceTest.setAlias;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Champion/challenger routing: the route policy, its checks, promotion through the gate, abort, events. */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class RouteResourceTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    /** A model with version 1 (accuracy 0.80) as champion and version 2 with the given accuracy. */
    private static String modelWithChampionAndCandidate(double candidateAccuracy) {
        String model = newModel();
        register(model, "champion-bytes".getBytes(StandardCharsets.UTF_8), metadata(0.80));
        register(model, "candidate-bytes".getBytes(StandardCharsets.UTF_8), metadata(candidateAccuracy));
        setAlias(model, "champion", 1);
        return model;
    }

    private static ValidatableResponse putRoute(String model, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/models/" + model + "/route").then();
    }

    private static ValidatableResponse post(String model, String action) {
        return given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/models/" + model + "/route/" + action).then();
    }

    private static List<String> auditTypes(String model) {
        return given().when().get("/api/v1/models/" + model + "/audit").then().statusCode(200).extract().path("type");
    }

    @Test
    void shouldAnswerRouteOffForAModelWithoutARouteAnd404ForAnUnknownModel() {
        String model = newModel();
        given().when().get("/api/v1/models/" + model + "/route")
                .then().statusCode(200)
                .body("model", equalTo(model))
                .body("mode", equalTo("off"))
                .body("challenger", nullValue())
                .body("percent", equalTo(0))
                .body("stickyBy", equalTo("entity"));
        given().when().get("/api/v1/models/no-such-model/route")
                .then().statusCode(404).body("error", equalTo("Model 'no-such-model' does not exist"));
        putRoute("no-such-model", "{\"challenger\": 2, \"mode\": \"shadow\"}").statusCode(404);
    }

    @Test
    void shouldSetAShadowChallengerByVersionNumberAndReadItBack() {
        String model = modelWithChampionAndCandidate(0.81);
        given().auth().oauth2(Tokens.minted("alice", Set.of(Roles.OPERATOR), null)).contentType(ContentType.JSON)
                .body("{\"challenger\": 2, \"mode\": \"shadow\", \"updatedBy\": \"forged\"}")
                .when().put("/api/v1/models/" + model + "/route")
                .then().statusCode(200)
                .body("model", equalTo(model))
                .body("challenger", equalTo(2))
                .body("mode", equalTo("shadow"))
                .body("percent", equalTo(0))
                .body("stickyBy", equalTo("entity"))
                .body("updatedAt", notNullValue())
                .body("updatedBy", equalTo("alice"));
        given().auth().oauth2(Tokens.of(Roles.SERVICE)).when().get("/api/v1/models/" + model + "/route")
                .then().statusCode(200)
                .body("challenger", equalTo(2)).body("mode", equalTo("shadow")).body("updatedBy", equalTo("alice"));
    }

    @Test
    void shouldResolveAChallengerAliasToItsVersionForACanary() {
        String model = modelWithChampionAndCandidate(0.81);
        setAlias(model, "challenger", 2);
        putRoute(model, "{\"challenger\": \"challenger\", \"mode\": \"canary\", \"percent\": 10, \"stickyBy\": \"tenant\"}")
                .statusCode(200)
                .body("challenger", equalTo(2))
                .body("mode", equalTo("canary"))
                .body("percent", equalTo(10))
                .body("stickyBy", equalTo("tenant"));
        putRoute(model, "{\"challenger\": \"2\", \"mode\": \"canary\", \"percent\": 25}")
                .statusCode(200).body("challenger", equalTo(2)).body("percent", equalTo(25)).body("stickyBy", equalTo("entity"));
        given().when().get("/api/v1/models/" + model + "/audit").then().statusCode(200)
                .body("[4].type", equalTo("route-set"))
                .body("[4].version", equalTo(2))
                .body("[4].alias", nullValue())
                .body("[4].details.action", equalTo("set"))
                .body("[4].details.requested", equalTo("challenger"))
                .body("[4].details.mode", equalTo("canary"))
                .body("[4].details.percent", equalTo(10))
                .body("[4].details.gate.passed", equalTo(true))
                .body("[5].details.previousChallenger", equalTo(2));
    }

    @Test
    void shouldClearTheChallengerWhenModeIsOff() {
        String model = modelWithChampionAndCandidate(0.81);
        putRoute(model, "{\"challenger\": 2, \"mode\": \"canary\", \"percent\": 50}").statusCode(200);
        putRoute(model, "{\"challenger\": 2, \"mode\": \"off\", \"percent\": 50}")
                .statusCode(200).body("mode", equalTo("off")).body("challenger", nullValue()).body("percent", equalTo(0));
        given().when().get("/api/v1/models/" + model + "/route")
                .then().statusCode(200).body("mode", equalTo("off")).body("challenger", nullValue())
                .body("updatedBy", notNullValue());
        given().when().get("/api/v1/models/" + model + "/audit").then()
                .body("[-1].type", equalTo("route-set")).body("[-1].version", equalTo(0))
                .body("[-1].details.previousChallenger", equalTo(2));
    }

    @Test
    void shouldRejectEveryBadRouteBodyWith400NamingTheProblemAndStoreNothing() {
        String model = modelWithChampionAndCandidate(0.81);
        putRoute(model, "{\"challenger\": 2, \"mode\": \"shadow\"}").statusCode(200);
        int auditBefore = auditTypes(model).size();

        Map<String, String> bad = Map.of(
                "{\"challenger\": 2, \"mode\": \"canary\", \"percent\": 101}", "percent must be 0-100, not 101",
                "{\"challenger\": 2, \"mode\": \"canary\", \"percent\": -1}", "percent must be 0-100, not -1",
                "{\"challenger\": 2, \"mode\": \"blue-green\"}", "mode must be one of off, shadow, canary, not 'blue-green'",
                "{\"challenger\": 2}", "mode is required",
                "{\"challenger\": 2, \"mode\": \"shadow\", \"stickyBy\": \"ip\"}", "stickyBy must be one of entity, tenant, not 'ip'",
                "{\"mode\": \"shadow\"}", "challenger is required for mode shadow",
                "{\"challenger\": \" \", \"mode\": \"canary\", \"percent\": 5}", "challenger is required for mode canary",
                "{\"challenger\": 2, \"mode\": \"canary\"}", "percent is required for mode canary",
                "{\"challenger\": \"Not An Alias!\", \"mode\": \"shadow\"}", "challenger must be a version number or an alias name");
        bad.forEach((body, problem) -> putRoute(model, body).log().ifValidationFails()
                .statusCode(400).body("error", containsString(problem)));
        putRoute(model, "{\"mode\": \"canary\", \"percent\": 200, \"stickyBy\": \"ip\"}")
                .statusCode(400).body("details", hasSize(3));
        putRoute(model, "{\"challenger\": 2, ").statusCode(400);

        given().when().get("/api/v1/models/" + model + "/route")
                .then().body("mode", equalTo("shadow")).body("challenger", equalTo(2)).body("percent", equalTo(0));
        assertThat(auditTypes(model)).hasSize(auditBefore);
    }

    @Test
    void shouldAnswer404NamingAnUnknownChallengerVersionOrAliasAndStoreNothing() {
        String model = modelWithChampionAndCandidate(0.81);
        putRoute(model, "{\"challenger\": 9, \"mode\": \"shadow\"}")
                .statusCode(404).body("error", containsString("has no version 9"));
        putRoute(model, "{\"challenger\": \"staging\", \"mode\": \"shadow\"}")
                .statusCode(404).body("error", containsString("has no alias 'staging'"));
        given().when().get("/api/v1/models/" + model + "/route").then().body("mode", equalTo("off"));
        assertThat(auditTypes(model)).doesNotContain("route-set");
    }

    @Test
    void shouldRefuseWith409AModelWithoutChampionTheChampionItselfAndAnArchivedVersion() {
        String model = newModel();
        register(model, "a".getBytes(StandardCharsets.UTF_8), metadata(0.80));
        register(model, "b".getBytes(StandardCharsets.UTF_8), metadata(0.81));
        register(model, "c".getBytes(StandardCharsets.UTF_8), metadata(0.82));
        putRoute(model, "{\"challenger\": 2, \"mode\": \"shadow\"}")
                .statusCode(409).body("error", containsString("has no champion"));

        setAlias(model, "champion", 1);
        putRoute(model, "{\"challenger\": 1, \"mode\": \"shadow\"}")
                .statusCode(409).body("error", containsString("is the champion"));
        putRoute(model, "{\"challenger\": \"champion\", \"mode\": \"canary\", \"percent\": 5}")
                .statusCode(409).body("error", containsString("cannot be its own challenger"));

        given().contentType(ContentType.JSON).body("{\"reason\": \"superseded\"}")
                .when().post("/api/v1/models/" + model + "/versions/3/archive").then().statusCode(200);
        putRoute(model, "{\"challenger\": 3, \"mode\": \"shadow\"}")
                .statusCode(409).body("error", containsString("is archived"));

        given().when().get("/api/v1/models/" + model + "/route").then().body("mode", equalTo("off"));
        assertThat(auditTypes(model)).doesNotContain("route-set");
    }

    @Test
    void shouldRefuseAChallengerThatFailsTheCompatibilityChecksWithTheGateReport() {
        String model = newModel();
        register(model, "a".getBytes(StandardCharsets.UTF_8), metadata(0.80));
        register(model, "b".getBytes(StandardCharsets.UTF_8),
                metadata(0.95).replace("\"baselineProfile\": " + PROFILE, "\"baselineProfile\": null"));
        setAlias(model, "champion", 1);

        putRoute(model, "{\"challenger\": 2, \"mode\": \"canary\", \"percent\": 10}")
                .statusCode(409)
                .body("error", containsString("compatibility checks"))
                .body("details.passed", equalTo(false))
                .body("details.checks.find { it.name == 'baseline-profile' }.passed", equalTo(false))
                .body("details.checks.find { it.name == 'signature' }.passed", equalTo(true))
                .body("details.checks.find { it.name == 'metrics' }", nullValue());
        given().when().get("/api/v1/models/" + model + "/route").then().body("mode", equalTo("off"));
        assertThat(auditTypes(model)).doesNotContain("route-set");
    }

    @Test
    void shouldAcceptAWorseChallengerButRefuseItsPromotionAtTheMetricsCheck() {
        String model = modelWithChampionAndCandidate(0.60);
        putRoute(model, "{\"challenger\": 2, \"mode\": \"canary\", \"percent\": 10}").statusCode(200);
        int auditBefore = auditTypes(model).size();

        post(model, "promote")
                .statusCode(409)
                .body("error", containsString("did not pass the validation gate for 'champion'"))
                .body("details.passed", equalTo(false))
                .body("details.checks.find { it.name == 'metrics' }.message", containsString("accuracy 0.6000 vs champion 0.8000"));

        given().when().get("/api/v1/models/" + model + "/aliases").then().body("champion", equalTo(1));
        given().when().get("/api/v1/models/" + model + "/route")
                .then().body("mode", equalTo("canary")).body("challenger", equalTo(2));
        // Nothing changed but the audit log: the refusal is kept with its report.
        assertThat(auditTypes(model)).hasSize(auditBefore + 1).last().isEqualTo("alias-refused");
        given().when().get("/api/v1/models/" + model + "/audit").then()
                .body("[-1].version", equalTo(2)).body("[-1].details.action", equalTo("promote"))
                .body("[-1].details.gate.passed", equalTo(false));
    }

    @Test
    void shouldPromoteTheChallengerToChampionThroughTheGateAndTurnTheRouteOff() {
        String model = modelWithChampionAndCandidate(0.85);
        putRoute(model, "{\"challenger\": 2, \"mode\": \"canary\", \"percent\": 10}").statusCode(200);

        given().auth().oauth2(Tokens.minted("bob", Set.of(Roles.OPERATOR), null)).contentType(ContentType.JSON)
                .when().post("/api/v1/models/" + model + "/route/promote")
                .then().statusCode(200)
                .body("model", equalTo(model))
                .body("alias", equalTo("champion"))
                .body("version", equalTo(2))
                .body("gate.passed", equalTo(true));

        given().when().get("/api/v1/models/" + model + "/aliases").then().body("champion", equalTo(2));
        given().when().get("/api/v1/models/" + model + "/route")
                .then().body("mode", equalTo("off")).body("challenger", nullValue()).body("updatedBy", equalTo("bob"));
        given().when().get("/api/v1/models/" + model + "/audit").then().statusCode(200)
                .body("type", equalTo(List.of("registered", "registered", "alias-set", "route-set", "alias-set", "route-set")))
                .body("[4].alias", equalTo("champion")).body("[4].version", equalTo(2)).body("[4].actor", equalTo("bob"))
                .body("[4].details.gate.passed", equalTo(true))
                .body("[5].version", equalTo(0)).body("[5].actor", equalTo("bob"))
                .body("[5].details.action", equalTo("promoted")).body("[5].details.previousChallenger", equalTo(2));

        post(model, "promote").statusCode(409).body("error", containsString("no active route to promote"));
        // The promotion is an ordinary champion move: rollback walks back over it.
        given().contentType(ContentType.JSON).body("{\"reason\": \"canary looked better than it was\"}")
                .when().post("/api/v1/models/" + model + "/rollback").then().statusCode(200).body("version", equalTo(1));
    }

    @Test
    void shouldRefuseToArchiveTheChallengerOrToSetChampionStraightOntoIt() {
        String model = modelWithChampionAndCandidate(0.85);
        putRoute(model, "{\"challenger\": 2, \"mode\": \"shadow\"}").statusCode(200);
        int auditBefore = auditTypes(model).size();

        given().contentType(ContentType.JSON).body("{\"reason\": \"superseded\"}")
                .when().post("/api/v1/models/" + model + "/versions/2/archive")
                .then().statusCode(409).body("error", containsString("challenger of the model's route"));
        given().contentType(ContentType.JSON).body("{\"version\": 2}")
                .when().put("/api/v1/models/" + model + "/aliases/champion")
                .then().statusCode(409).body("error", containsString("route/promote"));

        given().when().get("/api/v1/models/" + model + "/versions/2").then().body("archived", equalTo(false));
        given().when().get("/api/v1/models/" + model + "/aliases").then().body("champion", equalTo(1));
        given().when().get("/api/v1/models/" + model + "/route").then().body("challenger", equalTo(2));
        assertThat(auditTypes(model)).hasSize(auditBefore);

        post(model, "abort").statusCode(200);
        setAlias(model, "champion", 2);
    }

    @Test
    void shouldTurnTheRouteOffWhenARollbackMakesItsChallengerChampion() {
        String model = modelWithChampionAndCandidate(0.85);
        setAlias(model, "champion", 2);
        putRoute(model, "{\"challenger\": 1, \"mode\": \"shadow\"}").statusCode(200).body("challenger", equalTo(1));

        given().auth().oauth2(Tokens.minted("rtml-monitor", Set.of(Roles.SERVICE), null)).contentType(ContentType.JSON)
                .body("{\"reason\": \"drift\"}").when().post("/api/v1/models/" + model + "/rollback")
                .then().statusCode(200).body("version", equalTo(1));

        given().when().get("/api/v1/models/" + model + "/route")
                .then().body("mode", equalTo("off")).body("challenger", nullValue()).body("updatedBy", equalTo("rtml-monitor"));
        given().when().get("/api/v1/models/" + model + "/audit").then()
                .body("type", equalTo(List.of("registered", "registered", "alias-set", "alias-set", "route-set",
                        "rolled-back", "route-set")))
                .body("[6].version", equalTo(0)).body("[6].actor", equalTo("rtml-monitor"))
                .body("[6].details.action", equalTo("rolled-back")).body("[6].details.previousChallenger", equalTo(1));
    }

    @Test
    void shouldKeepTheRouteWhenARollbackLandsOnAnotherVersion() {
        String model = modelWithChampionAndCandidate(0.85);
        register(model, "third".getBytes(StandardCharsets.UTF_8), metadata(0.86));
        setAlias(model, "champion", 2);
        putRoute(model, "{\"challenger\": 3, \"mode\": \"canary\", \"percent\": 5}").statusCode(200);
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/models/" + model + "/rollback")
                .then().statusCode(200).body("version", equalTo(1));
        given().when().get("/api/v1/models/" + model + "/route").then().body("mode", equalTo("canary")).body("challenger", equalTo(3));
    }

    @Test
    void shouldLetTheMonitorsServiceTokenAbortTheRouteAndRecordItsSubject() {
        String model = modelWithChampionAndCandidate(0.81);
        post(model, "abort").statusCode(409).body("error", containsString("no active route to abort"));
        putRoute(model, "{\"challenger\": 2, \"mode\": \"canary\", \"percent\": 10}").statusCode(200);

        given().auth().oauth2(Tokens.minted("rtml-monitor", Set.of(Roles.SERVICE), null)).contentType(ContentType.JSON)
                .body("{\"reason\": \"challenger error rate 4x champion\"}")
                .when().post("/api/v1/models/" + model + "/route/abort")
                .then().statusCode(200)
                .body("mode", equalTo("off")).body("challenger", nullValue()).body("updatedBy", equalTo("rtml-monitor"));

        given().when().get("/api/v1/models/" + model + "/aliases").then().body("champion", equalTo(1));
        given().when().get("/api/v1/models/" + model + "/audit").then()
                .body("[-1].type", equalTo("route-set")).body("[-1].version", equalTo(0))
                .body("[-1].actor", equalTo("rtml-monitor"))
                .body("[-1].details.action", equalTo("aborted"))
                .body("[-1].details.reason", equalTo("challenger error rate 4x champion"));
        post(model, "abort").statusCode(409);
    }

    @Test
    void shouldLetOnlyAdminsAndOperatorsChangeTheRouteAndChangeNothingOn403() {
        String model = modelWithChampionAndCandidate(0.85);
        String body = "{\"challenger\": 2, \"mode\": \"shadow\"}";
        for (String role : List.of(Roles.DATA_SCIENTIST, Roles.SERVICE, Roles.TENANT)) {
            given().auth().oauth2(Tokens.of(role)).contentType(ContentType.JSON).body(body)
                    .when().put("/api/v1/models/" + model + "/route")
                    .then().statusCode(403).body("error", containsString("admin, operator"));
        }
        given().auth().oauth2(Tokens.of(Roles.OPERATOR)).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/models/" + model + "/route").then().statusCode(200);
        given().auth().oauth2(Tokens.of(Roles.DATA_SCIENTIST)).contentType(ContentType.JSON)
                .when().post("/api/v1/models/" + model + "/route/promote").then().statusCode(403);
        given().auth().oauth2(Tokens.of(Roles.SERVICE)).contentType(ContentType.JSON)
                .when().post("/api/v1/models/" + model + "/route/promote").then().statusCode(403);
        given().auth().oauth2(Tokens.of(Roles.DATA_SCIENTIST)).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/models/" + model + "/route/abort").then().statusCode(403);
        given().auth().oauth2(Tokens.of(Roles.TENANT)).when().get("/api/v1/models/" + model + "/route").then().statusCode(403);
        given().auth().none().when().get("/api/v1/models/" + model + "/route").then().statusCode(401);

        given().auth().oauth2(Tokens.of(Roles.DATA_SCIENTIST)).when().get("/api/v1/models/" + model + "/route")
                .then().statusCode(200).body("mode", equalTo("shadow")).body("challenger", equalTo(2));
        given().when().get("/api/v1/models/" + model + "/aliases").then().body("champion", equalTo(1));
    }

    @Test
    void shouldPublishEveryRouteChangeOnKafkaAsRouteSetWithTheChallengerOrZero() {
        String model = modelWithChampionAndCandidate(0.81);
        given().auth().oauth2(Tokens.minted("alice", Set.of(Roles.OPERATOR), null)).contentType(ContentType.JSON)
                .body("{\"challenger\": 2, \"mode\": \"shadow\"}")
                .when().put("/api/v1/models/" + model + "/route").then().statusCode(200);
        given().auth().oauth2(Tokens.minted("rtml-monitor", Set.of(Roles.SERVICE), null)).contentType(ContentType.JSON)
                .body("{}").when().post("/api/v1/models/" + model + "/route/abort").then().statusCode(200);

        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicReader reader = new TopicReader(bootstrap, "rtml.model-lifecycle")) {
            var records = reader.await(r -> model.equals(r.key()) && r.value().contains("\"route-set\""), 2,
                    Duration.ofSeconds(30));
            assertThat(records.get(0).value()).contains("\"type\":\"route-set\"", "\"version\":2",
                    "\"actor\":\"alice\"");
            assertThat(records.get(0).value()).doesNotContain("\"alias\":\"");
            assertThat(records.get(1).value()).contains("\"type\":\"route-set\"", "\"version\":0", "\"actor\":\"rtml-monitor\"");
        }
        given().when().get("/api/v1/models/" + model + "/audit")
                .then().statusCode(200).body("published", equalTo(List.of(true, true, true, true, true)));
    }
}
