package io.rtml.features.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.rtml.features.rest.Fixtures.newEntity;
import static io.rtml.features.rest.Fixtures.newView;
import static io.rtml.features.rest.Fixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_features_test"))
class FeatureViewResourceTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    @Test
    void shouldCreateAndListEntitiesAndRefuseADuplicate() {
        String entity = newEntity();
        given().when().get("/api/v1/entities").then().statusCode(200).body("name", hasItem(entity));
        given().contentType(ContentType.JSON).body("{\"name\": \"" + entity + "\"}")
                .when().post("/api/v1/entities")
                .then().statusCode(409).body("error", equalTo("Entity '" + entity + "' already exists"));
        given().contentType(ContentType.JSON).body("{\"name\": \"Not OK\"}")
                .when().post("/api/v1/entities").then().statusCode(400).body("error", containsString("name"));
    }

    @Test
    void shouldCreateAFeatureViewAndDescribeItWithItsTypedFeatures() {
        String view = newView(86400L);
        given().when().get("/api/v1/feature-views/" + view)
                .then().statusCode(200)
                .body("name", equalTo(view))
                .body("ttlSeconds", equalTo(86400))
                .body("features.name", equalTo(java.util.List.of("tz_offset", "device", "opens_30d", "is_vip")))
                .body("features.type", equalTo(java.util.List.of("FP64", "STRING", "INT64", "BOOL")))
                .body("readTypes", equalTo(java.util.Map.of("tz_offset", "FP64", "device", "STRING", "opens_30d", "INT64",
                        "is_vip", "BOOL")));
        given().when().get("/api/v1/feature-views").then().statusCode(200).body("name", hasItem(view));
        given().when().get("/api/v1/feature-views/no_such_view").then().statusCode(404)
                .body("error", equalTo("Feature view 'no_such_view' does not exist"));
    }

    @Test
    void shouldKeepIngestionAndReadsToTheRolesThatMayDoThem() {
        String view = newView(86400L);
        String rows = "{\"rows\": [" + Fixtures.row("k1", java.time.Instant.now().toString(), "{\"tz_offset\": 2}") + "]}";
        given().auth().oauth2(Tokens.of(Roles.OPERATOR)).contentType(ContentType.JSON).body(rows)
                .when().post("/api/v1/feature-views/" + view + "/rows")
                .then().statusCode(403).body("error", containsString("admin, data-scientist, service"));
        given().auth().oauth2(Tokens.of(Roles.SERVICE)).contentType(ContentType.JSON).body(rows)
                .when().post("/api/v1/feature-views/" + view + "/rows").then().statusCode(200);
        String read = "{\"entityKeys\": [\"k1\"], \"features\": [\"" + view + ":tz_offset\"]}";
        given().auth().oauth2(Tokens.tenant("acme")).contentType(ContentType.JSON).body(read)
                .when().post("/api/v1/online-features").then().statusCode(403);
        given().auth().oauth2(Tokens.of(Roles.SERVICE)).contentType(ContentType.JSON).body(read)
                .when().post("/api/v1/online-features").then().statusCode(200);
        given().auth().none().when().get("/api/v1/feature-views/" + view).then().statusCode(401);
    }

    @Test
    void shouldRejectAFeatureViewForAnUnknownEntity() {
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"" + unique("v") + "\", \"entity\": \"nobody\", \"features\": [{\"name\": \"x\", \"type\": \"FP64\"}]}")
                .when().post("/api/v1/feature-views")
                .then().statusCode(400).body("error", containsString("Entity 'nobody' does not exist"));
    }

    @Test
    void shouldRejectAnUnknownFeatureType() {
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"" + unique("v") + "\", \"entity\": \"" + newEntity()
                        + "\", \"features\": [{\"name\": \"x\", \"type\": \"FLOAT\"}]}")
                .when().post("/api/v1/feature-views")
                .then().statusCode(400).body("error", containsString("type must be one of FP64, INT64, STRING, BOOL"));
    }

    @Test
    void shouldRejectDuplicateFeatureNames() {
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"" + unique("v") + "\", \"entity\": \"" + newEntity()
                        + "\", \"features\": [{\"name\": \"x\", \"type\": \"FP64\"}, {\"name\": \"x\", \"type\": \"INT64\"}]}")
                .when().post("/api/v1/feature-views")
                .then().statusCode(400).body("error", containsString("declares feature 'x' more than once"));
    }

    @Test
    void shouldRefuseADuplicateFeatureView() {
        String view = newView(null);
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"" + view + "\", \"entity\": \"" + newEntity() + "\", \"features\": [{\"name\": \"x\", \"type\": \"BOOL\"}]}")
                .when().post("/api/v1/feature-views")
                .then().statusCode(409).body("error", equalTo("Feature view '" + view + "' already exists"));
    }
}
