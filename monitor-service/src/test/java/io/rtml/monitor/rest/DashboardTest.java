package io.rtml.monitor.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.monitor.support.RegistryStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

/** Same test resources as {@link MonitorResourceTest}, so both run in one application start. */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_monitor_test"))
@WithTestResource(RegistryStub.class)
class DashboardTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    @Test
    void shouldServeTheMlopsPageWithItsScriptAndChartLibraryFromTheJar() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<title>rtml MLOps</title>"))
                .body(containsString("<script src=\"mlops.js\"></script>"));
        given().when().get("/mlops.js").then().statusCode(200).body(containsString("/api/v1/catalogue"));
        given().when().get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").then().statusCode(200)
                .body(containsString("uPlot"));
    }

    @Test
    void shouldServeTheDashboardPageWithItsScript() {
        given().when().get("/version.html")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<title>rtml monitor dashboard</title>"))
                .body(containsString("<script src=\"dashboard.js\"></script>"));
        given().when().get("/dashboard.js")
                .then().statusCode(200)
                .body(containsString("/api/v1/alert-rules"))
                .body(containsString("/drift"));
    }
}
