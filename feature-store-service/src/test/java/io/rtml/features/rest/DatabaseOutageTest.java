package io.rtml.features.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.HttpPolling;
import io.rtml.devstack.TcpProxy;
import io.rtml.devstack.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static io.rtml.features.rest.Fixtures.ingest;
import static io.rtml.features.rest.Fixtures.newView;
import static io.rtml.features.rest.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * PostgreSQL unreachable (the connection cut by a real TCP proxy in front of the real server): reads and
 * writes answer 503 with Retry-After naming the database, readiness goes DOWN while liveness stays UP, a
 * write refused during the outage stores nothing, and the service recovers by itself once the database
 * is back.
 */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "rtml_features_outage_test"),
        @ResourceArg(name = "databaseProxy", value = DatabaseOutageTest.PROXY)})
class DatabaseOutageTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    static final String PROXY = "feature-store-outage-db";
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    @AfterEach
    void restore() {
        TcpProxy.named(PROXY).restore();
    }

    @Test
    void shouldAnswer503WithRetryAfterWhilePostgresqlIsDownAndRecoverByItself() throws Exception {
        String view = newView(null);
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        ingest(view, row("o1", t, "{\"opens_30d\": 3}"));
        read(view).then().statusCode(200).body("results[0].features.'" + view + ":opens_30d'.value", equalTo(3));

        TcpProxy.named(PROXY).cut();

        Response during = read(view);
        assertThat(during.statusCode()).as(during.asString()).isEqualTo(503);
        assertThat(during.header("Retry-After")).isNotBlank();
        assertThat(during.jsonPath().getString("error")).containsIgnoringCase("PostgreSQL");

        given().contentType(ContentType.JSON).body("{\"rows\": [" + row("o1", t.plusSeconds(30), "{\"opens_30d\": 99}") + "]}")
                .when().post("/api/v1/feature-views/" + view + "/rows")
                .then().statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("error", containsString("PostgreSQL"));
        HttpPolling.awaitStatus("/q/health/ready", 503, Duration.ofSeconds(30));
        given().when().get("/q/health/live").then().statusCode(200);

        TcpProxy.named(PROXY).restore();

        HttpPolling.awaitStatus("/q/health/ready", 200, RECOVERY);
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        Response after = read(view);
        while (after.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            after = read(view);
        }
        assertThat(after.statusCode()).as(after.asString()).isEqualTo(200);
        // The write refused during the outage left nothing behind: the value is the one from before.
        assertThat(after.jsonPath().getInt("results[0].features.'" + view + ":opens_30d'.value")).isEqualTo(3);
    }

    private static Response read(String view) {
        return given().contentType(ContentType.JSON)
                .body("{\"features\": [\"" + view + ":opens_30d\"], \"entityKeys\": [\"o1\"]}")
                .when().post("/api/v1/online-features");
    }

}
