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

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static io.rtml.features.rest.Fixtures.ingest;
import static io.rtml.features.rest.Fixtures.newEntity;
import static io.rtml.features.rest.Fixtures.row;
import static io.rtml.features.rest.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_features_test"))
class OnDemandFeatureTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static final String FEATURES = """
            [{"name": "last_open", "type": "BOOL"},
             {"name": "hours_since_open", "type": "FP64", "onDemand": {"function": "hours_since", "feature": "last_open"}}]""";

    @Test
    void shouldComputeHoursSinceTheLastOpenFromTheRequestTimeOnlineAndHistorically() {
        String view = createView(FEATURES, 201);
        Instant opened = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        ingest(view, row("o1", opened, "{\"last_open\": true}"));
        String ref = view + ":hours_since_open";

        float hours = given().contentType(ContentType.JSON).body("{\"features\": [\"" + ref + "\"], \"entityKeys\": [\"o1\", \"o2\"]}")
                .when().post("/api/v1/online-features").then().statusCode(200)
                .body("results[0].features.'" + ref + "'.status", equalTo("PRESENT"))
                .body("results[0].features.'" + ref + "'.eventTime", equalTo(opened.toString()))
                .body("results[1].features.'" + ref + "'.status", equalTo("NOT_FOUND"))
                .extract().path("results[0].features.'" + ref + "'.value");
        assertThat(hours).isCloseTo(2.0f, within(0.05f));

        // Historically the same function runs at the entity row's timestamp: 30 min after the open is 0.5 h.
        given().contentType(ContentType.JSON)
                .body("{\"features\": [\"" + ref + "\", \"" + view + ":last_open\"], \"asOf\": \"event\", \"entityRows\": ["
                        + "{\"entityKey\": \"o1\", \"timestamp\": \"" + opened.plus(30, ChronoUnit.MINUTES) + "\"},"
                        + "{\"entityKey\": \"o1\", \"timestamp\": \"" + opened.minusSeconds(1) + "\"}]}")
                .when().post("/api/v1/historical-features").then().statusCode(200)
                .body("results[0].features.'" + ref + "'.value", equalTo(0.5f))
                .body("results[0].features.'" + view + ":last_open'.value", equalTo(true))
                .body("results[1].features.'" + ref + "'.status", equalTo("NOT_FOUND"));

        // Not stored, so not in the view's statistics.
        given().when().get("/api/v1/feature-views/" + view + "/stats").then().statusCode(200)
                .body("features", hasKey("last_open")).body("features", not(hasKey("hours_since_open")));
    }

    @Test
    void shouldRefuseToWriteAnOnDemandFeatureAndStoreNothing() {
        String view = createView(FEATURES, 201);
        given().contentType(ContentType.JSON)
                .body("{\"rows\": [" + row("o3", Instant.now(), "{\"last_open\": true, \"hours_since_open\": 1.0}") + "]}")
                .when().post("/api/v1/feature-views/" + view + "/rows").then().statusCode(400)
                .body("details[0].feature", equalTo("hours_since_open"))
                .body("details[0].problem", containsString("computed on demand from 'last_open' and cannot be written"));
        given().contentType(ContentType.JSON).body("{\"features\": [\"" + view + ":last_open\"], \"entityKeys\": [\"o3\"]}")
                .when().post("/api/v1/online-features").then().statusCode(200)
                .body("results[0].features.'" + view + ":last_open'.status", equalTo("NOT_FOUND"));
    }

    @Test
    void shouldRejectAnOnDemandFeatureOverAnUnknownFeatureOrOfTheWrongType() {
        given().contentType(ContentType.JSON).body(body(unique("od"), newEntity(), """
                        [{"name": "last_open", "type": "BOOL"},
                         {"name": "h", "type": "INT64", "onDemand": {"function": "hours_since", "feature": "last_open"}}]"""))
                .when().post("/api/v1/feature-views").then().statusCode(400)
                .body("error", containsString("its type must be FP64, not INT64"));
        given().contentType(ContentType.JSON).body(body(unique("od"), newEntity(), """
                        [{"name": "last_open", "type": "BOOL"},
                         {"name": "h", "type": "FP64", "onDemand": {"function": "hours_since", "feature": "nope"}}]"""))
                .when().post("/api/v1/feature-views").then().statusCode(400)
                .body("error", containsString("reads feature 'nope', which is not a stored feature"));
        given().contentType(ContentType.JSON).body(body(unique("od"), newEntity(), """
                        [{"name": "last_open", "type": "BOOL"},
                         {"name": "h", "type": "FP64", "onDemand": {"function": "days_since", "feature": "last_open"}}]"""))
                .when().post("/api/v1/feature-views").then().statusCode(400)
                .body(containsString("hours_since, seconds_since"));
    }

    private static String createView(String features, int status) {
        String name = unique("od");
        given().contentType(ContentType.JSON).body(body(name, newEntity(), features))
                .when().post("/api/v1/feature-views").then().statusCode(status);
        return name;
    }

    private static String body(String name, String entity, String features) {
        return "{\"name\": \"" + name + "\", \"entity\": \"" + entity + "\", \"features\": " + features + "}";
    }
}
