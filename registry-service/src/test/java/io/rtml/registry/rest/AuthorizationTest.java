package io.rtml.registry.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.rtml.registry.rest.ModelRegistryResourceTest.metadata;
import static io.rtml.registry.rest.ModelRegistryResourceTest.newModel;
import static io.rtml.registry.rest.ModelRegistryResourceTest.register;
import static io.rtml.registry.rest.TenantSubscriptionResourceTest.newTenant;
import static io.rtml.registry.rest.TenantSubscriptionResourceTest.setAlias;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Who may call what on the registry: tokens checked, roles enforced, tenants kept apart. */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class AuthorizationTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    @Test
    void shouldAnswer401ToMissingExpiredUnsignedAndForeignTokensAndStoreNothing() {
        Map<String, String> badTokens = Map.of(
                "expired", Tokens.expired(Roles.ADMIN),
                "foreign key", Tokens.foreignKey(Roles.ADMIN),
                "foreign issuer", Tokens.foreignIssuer(Roles.ADMIN),
                "unsigned", Tokens.unsigned(Roles.ADMIN),
                "garbage", "not-a-jwt");
        String body = "{\"id\": \"intruder-1\", \"name\": \"Intruder\"}";
        given().auth().none().contentType(ContentType.JSON).body(body).when().post("/api/v1/tenants")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        badTokens.forEach((what, token) -> given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/tenants").then().log().ifValidationFails().statusCode(401));
        given().when().get("/api/v1/tenants/intruder-1").then().statusCode(404);
    }

    @Test
    void shouldKeepHealthMetricsAndOpenApiOpenWithoutAToken() {
        for (String path : List.of("/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi")) {
            given().auth().none().when().get(path).then().statusCode(200);
        }
    }

    @Test
    void shouldAnswer403NamingTheRolesNeededAndChangeNothing() {
        String model = newModel();
        register(model, "a".getBytes(StandardCharsets.UTF_8), metadata(0.8));
        register(model, "b".getBytes(StandardCharsets.UTF_8), metadata(0.9));
        setAlias(model, "champion", 1);

        given().auth().oauth2(Tokens.of(Roles.DATA_SCIENTIST)).contentType(ContentType.JSON).body("{\"version\": 2}")
                .when().put("/api/v1/models/" + model + "/aliases/champion")
                .then().statusCode(403).body("error", containsString("admin, operator"));
        given().auth().oauth2(Tokens.of(Roles.OPERATOR)).contentType(ContentType.JSON)
                .body("{\"name\": \"" + newModel() + "\"}").when().post("/api/v1/models")
                .then().statusCode(403).body("error", containsString("admin, data-scientist"));
        given().auth().oauth2(Tokens.of(Roles.TENANT)).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/models/" + model + "/rollback").then().statusCode(403);

        given().when().get("/api/v1/models/" + model + "/aliases").then().body("champion", equalTo(1));
        given().when().get("/api/v1/models/" + model + "/audit").then().body("type", hasSize(3));
    }

    @Test
    void shouldLetTheMonitorsServiceTokenRollBackAndRecordItsSubject() {
        String model = newModel();
        register(model, "a".getBytes(StandardCharsets.UTF_8), metadata(0.8));
        register(model, "b".getBytes(StandardCharsets.UTF_8), metadata(0.9));
        setAlias(model, "champion", 1);
        setAlias(model, "champion", 2);

        given().auth().oauth2(Tokens.minted("rtml-monitor", java.util.Set.of(Roles.SERVICE), null))
                .contentType(ContentType.JSON).body("{\"actor\": \"someone-else\", \"reason\": \"drift\"}")
                .when().post("/api/v1/models/" + model + "/rollback").then().statusCode(200).body("version", equalTo(1));
        given().when().get("/api/v1/models/" + model + "/audit")
                .then().body("[4].type", equalTo("rolled-back")).body("[4].actor", equalTo("rtml-monitor"));
    }

    @Test
    void shouldLetATenantReadOnlyItsOwnTenantAndBundle() {
        String model = newModel();
        register(model, "a".getBytes(StandardCharsets.UTF_8), metadata(0.8));
        setAlias(model, "champion", 1);
        String a = newTenant("tenant-a");
        String b = newTenant("tenant-b");
        given().contentType(ContentType.JSON).body("{}").when().put("/api/v1/tenants/" + a + "/subscriptions/" + model)
                .then().statusCode(200);

        String tokenOfA = Tokens.tenant(a);
        given().auth().oauth2(tokenOfA).when().get("/api/v1/tenants/" + a + "/subscriptions")
                .then().statusCode(200).body("model", equalTo(List.of(model)));
        given().auth().oauth2(tokenOfA).when().get("/api/v1/tenants/" + a).then().statusCode(200);

        given().auth().oauth2(tokenOfA).when().get("/api/v1/tenants/" + b + "/subscriptions")
                .then().statusCode(403).body("error", containsString("'" + b + "'"));
        given().auth().oauth2(tokenOfA).when().get("/api/v1/tenants/" + b).then().statusCode(403);
        given().auth().oauth2(tokenOfA).when().get("/api/v1/tenants").then().statusCode(403);
        given().auth().oauth2(tokenOfA).when().get("/api/v1/models").then().statusCode(403);
        given().auth().oauth2(tokenOfA).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/tenants/" + a + "/subscriptions/" + model).then().statusCode(403);
    }
}
