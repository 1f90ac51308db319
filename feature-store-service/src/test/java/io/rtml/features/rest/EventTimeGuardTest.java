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
import static io.rtml.features.rest.Fixtures.newView;
import static io.rtml.features.rest.Fixtures.row;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_features_test"))
class EventTimeGuardTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    @Test
    void shouldRejectABatchWithAFarFutureEventTimeNamingTheRowAndStoreNothing() {
        String view = newView(null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        given().contentType(ContentType.JSON)
                .body("{\"rows\": [" + row("g1", now.minusSeconds(10), "{\"opens_30d\": 1}") + ","
                        + row("g1", "2036-01-01T00:00:00Z", "{\"opens_30d\": 99}") + "]}")
                .when().post("/api/v1/feature-views/" + view + "/rows")
                .then().statusCode(400)
                .body("error", containsString("row 1"))
                .body("details", hasSize(1))
                .body("details[0].row", equalTo(1))
                .body("details[0].problem", containsString("2036-01-01T00:00:00Z is more than 300 s in the future"));
        onlineFeature(view, "g1").body("status", equalTo("NOT_FOUND"));

        // The refused future row hides nothing: a write made now is served.
        ingest(view, row("g1", now, "{\"opens_30d\": 5}"));
        onlineFeature(view, "g1").body("status", equalTo("PRESENT")).body("value", equalTo(5))
                .body("eventTime", equalTo(now.toString()));
    }

    @Test
    void shouldServeAnEventTimeWithinTheAllowedSkewWithAgeZeroNeverNegative() {
        String view = newView(null);
        Instant ahead = Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        ingest(view, row("g2", ahead, "{\"opens_30d\": 3}"));
        onlineFeature(view, "g2").body("status", equalTo("PRESENT")).body("ageSeconds", equalTo(0.0f));
        given().when().get("/api/v1/feature-views/" + view + "/freshness").then().statusCode(200)
                .body("latestEventTime", equalTo(ahead.toString()))
                .body("ageSeconds", greaterThanOrEqualTo(0.0f))
                .body("ageSeconds", equalTo(0.0f));
    }

    private static io.restassured.response.ValidatableResponse onlineFeature(String view, String key) {
        return given().contentType(ContentType.JSON)
                .body("{\"features\": [\"" + view + ":opens_30d\"], \"entityKeys\": [\"" + key + "\"]}")
                .when().post("/api/v1/online-features")
                .then().statusCode(200).rootPath("results[0].features.'" + view + ":opens_30d'");
    }
}
