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

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Text PostgreSQL cannot store (a NUL character) is refused with a 400 naming where it was, whether it came
 * in a path segment, a query parameter or the JSON body, and nothing is stored. The rule lives in
 * service-commons ({@code StorableText}); this checks it as wired into a real service.
 */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class StorableTextTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    @Test
    void shouldRefuseANulInAPathSegmentNamingTheParameter() {
        given().urlEncodingEnabled(false).when().get("/api/v1/models/churn%00x/audit")
                .then().statusCode(400).body("error", allOf(containsString("path parameter 'name'"), containsString("NUL")));
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"version\": 1}")
                .when().put("/api/v1/models/churn/aliases/champ%00ion")
                .then().statusCode(400).body("error", containsString("path parameter 'alias'"));
    }

    @Test
    void shouldRefuseANulInAQueryParameterNamingIt() {
        given().urlEncodingEnabled(false).when().get("/api/v1/models?q=send%00time")
                .then().statusCode(400).body("error", containsString("query parameter 'q'"));
    }

    @Test
    void shouldRefuseANulInABodyValueOrKeyAndStoreNothing() {
        String id = "nul-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"id\": \"" + id + "\", \"name\": \"Acme\\u0000Retail\"}")
                .when().post("/api/v1/tenants")
                .then().statusCode(400).body("error", allOf(containsString("body field 'name'"), containsString("NUL")));
        given().when().get("/api/v1/tenants/" + id).then().statusCode(404);

        given().contentType(ContentType.JSON).body("{\"id\": \"" + id + "\", \"name\": \"Acme\", \"tags\\u0000\": 1}")
                .when().post("/api/v1/tenants")
                .then().statusCode(400).body("error", containsString("the key of tags"));
        given().when().get("/api/v1/tenants/" + id).then().statusCode(404);
    }

    @Test
    void shouldStoreTheSixCharactersBackslashU0000AsTextWhenTheBackslashIsEscaped() {
        String id = "esc-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"id\": \"" + id + "\", \"name\": \"C:\\\\u0000dir\"}")
                .when().post("/api/v1/tenants").then().statusCode(201);
        given().when().get("/api/v1/tenants/" + id).then().statusCode(200).body("name", equalTo("C:\\u0000dir"));
    }
}
