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

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** A model's declared KPI and fallback policy, and the route's holdout share that needs the fallback. */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class KpiDeclarationTest {

    private static final String KPI = "{\"name\": \"open-within-window\", \"outcome\": \"opened\", \"aggregation\": \"rate\","
            + " \"description\": \"share of emails opened within the predicted send window\"}";

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static ValidatableResponse create(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/models").then();
    }

    private static ValidatableResponse patch(String model, String body) {
        return given().contentType(ContentType.JSON).body(body).when().patch("/api/v1/models/" + model).then();
    }

    private static ValidatableResponse putRoute(String model, String body) {
        return given().contentType(ContentType.JSON).body(body).when().put("/api/v1/models/" + model + "/route").then();
    }

    private static String name() {
        return "kpi-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void shouldDeclareKpiAndFallbackOnCreateAndShowThemOnTheModelAndItsRoute() {
        String model = name();
        create("{\"name\": \"" + model + "\", \"kpi\": " + KPI + ", \"fallback\": {\"kind\": \"majority-class\", \"output\": \"morning\"}}")
                .statusCode(201)
                .body("kpi.name", equalTo("open-within-window"))
                .body("kpi.outcome", equalTo("opened"))
                .body("kpi.aggregation", equalTo("rate"))
                .body("fallback.kind", equalTo("majority-class"));
        given().when().get("/api/v1/models/" + model).then().statusCode(200)
                .body("kpi.description", containsString("predicted send window"))
                .body("fallback.output", equalTo("morning"));
        putRoute(model, "{\"mode\": \"off\", \"holdoutPercent\": 10}").statusCode(200)
                .body("holdoutPercent", equalTo(10))
                .body("fallback.output", equalTo("morning"));
        given().auth().oauth2(Tokens.of(Roles.SERVICE)).when().get("/api/v1/models/" + model + "/route").then()
                .statusCode(200).body("holdoutPercent", equalTo(10)).body("fallback.kind", equalTo("majority-class"));
    }

    @Test
    void shouldRejectABadDeclarationNamingEveryWrongFieldAndKeepWhatWasDeclared() {
        String model = name();
        create("{\"name\": \"" + model + "\", \"kpi\": {\"name\": \"Bad Name\", \"outcome\": \"bought\", \"aggregation\": \"rate\"}}")
                .statusCode(400)
                .body("error", allOf(containsString("kpi.name"), containsString("kpi.outcome must be one of opened, clicked, revenue, not 'bought'")));
        given().when().get("/api/v1/models/" + model).then().statusCode(404);

        create("{\"name\": \"" + model + "\", \"kpi\": " + KPI + "}").statusCode(201);
        patch(model, "{\"kpi\": {\"name\": \"revenue\", \"outcome\": \"revenue\", \"aggregation\": \"rate\"},"
                + " \"fallback\": {\"kind\": \"best-guess\"}}")
                .statusCode(400)
                .body("error", allOf(containsString("kpi.aggregation rate needs a yes/no outcome"),
                        containsString("fallback.kind must be one of majority-class, constant, not 'best-guess'"),
                        containsString("fallback.output is required")));
        patch(model, "{}").statusCode(400);
        given().when().get("/api/v1/models/" + model).then().statusCode(200)
                .body("kpi.name", equalTo("open-within-window")).body("fallback", nullValue());
        given().auth().oauth2(Tokens.of(Roles.OPERATOR)).contentType(ContentType.JSON)
                .body("{\"fallback\": {\"kind\": \"constant\", \"output\": \"x\"}}")
                .when().patch("/api/v1/models/" + model).then().statusCode(403);
    }

    @Test
    void shouldRefuseAHoldoutWithoutAFallbackOrThatOverlapsTheCanary() {
        String model = name();
        create("{\"name\": \"" + model + "\", \"kpi\": " + KPI + "}").statusCode(201);
        putRoute(model, "{\"mode\": \"off\", \"holdoutPercent\": 10}").statusCode(409)
                .body("error", containsString("fallback"));
        putRoute(model, "{\"mode\": \"off\", \"holdoutPercent\": 101}").statusCode(400)
                .body("error", containsString("holdoutPercent must be 0-100"));
        putRoute(model, "{\"mode\": \"canary\", \"challenger\": 2, \"percent\": 95, \"holdoutPercent\": 10}").statusCode(400)
                .body("error", containsString("holdoutPercent + percent must be at most 100"));
        given().when().get("/api/v1/models/" + model + "/route").then().statusCode(200).body("holdoutPercent", equalTo(0));
    }

    @Test
    void shouldAuditADeclarationAsKpiSetAndSendItOnTheLifecycleTopic() {
        String model = name();
        create("{\"name\": \"" + model + "\"}").statusCode(201);
        given().auth().oauth2(Tokens.minted("dana", Set.of(Roles.DATA_SCIENTIST), null)).contentType(ContentType.JSON)
                .body("{\"kpi\": " + KPI + ", \"fallback\": {\"kind\": \"constant\", \"output\": \"evening\"}}")
                .when().patch("/api/v1/models/" + model).then().statusCode(200)
                .body("fallback.output", equalTo("evening"));
        given().when().get("/api/v1/models/" + model + "/audit").then().statusCode(200)
                .body("type", hasItem("kpi-set")).body("actor", hasItem("dana"));
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicReader reader = new TopicReader(bootstrap, "rtml.model-lifecycle")) {
            var records = reader.await(r -> model.equals(r.key()) && r.value().contains("\"kpi-set\""), 1,
                    Duration.ofSeconds(30));
            assertThat(records.get(0).value()).contains("\"type\":\"kpi-set\"", "\"actor\":\"dana\"");
        }
    }
}
