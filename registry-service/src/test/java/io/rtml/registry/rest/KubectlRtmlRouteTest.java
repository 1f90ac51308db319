package io.rtml.registry.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static io.rtml.registry.rest.ModelRegistryResourceTest.metadata;
import static io.rtml.registry.rest.ModelRegistryResourceTest.newModel;
import static io.rtml.registry.rest.ModelRegistryResourceTest.register;
import static io.rtml.registry.rest.TenantSubscriptionResourceTest.setAlias;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code kubectl rtml route} (tools/kubectl-rtml) as an operator runs it, against this registry over
 * real HTTP: {@code --registry} takes the place of the port-forward a cluster would need, so the plugin's
 * own requests, its output and its exit status are what is checked.
 */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class KubectlRtmlRouteTest {

    private static final Path PLUGIN = Path.of("..", "tools", "kubectl-rtml");

    @TestHTTPResource("/")
    URL registry;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private Run plugin(String token, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", PLUGIN.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--registry", registry.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("RTML_TOKEN");
        if (token != null) {
            builder.environment().put("RTML_TOKEN", token);
        }
        Path out = Files.createTempFile("kubectl-rtml", ".out");
        Path err = Files.createTempFile("kubectl-rtml", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("kubectl rtml finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String modelWithChampionAndBetterCandidate() {
        String model = newModel();
        register(model, "champion-bytes".getBytes(StandardCharsets.UTF_8), metadata(0.80));
        register(model, "candidate-bytes".getBytes(StandardCharsets.UTF_8), metadata(0.90));
        setAlias(model, "champion", 1);
        return model;
    }

    @Test
    void shouldSetShowAndAbortACanaryWithAnOperatorToken() throws Exception {
        String model = modelWithChampionAndBetterCandidate();
        String operator = Tokens.minted("carol", java.util.Set.of(Roles.OPERATOR), null);

        Run set = plugin(operator, "route", model, "set", "--mode", "canary", "--challenger", "2", "--percent", "10");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).contains("canary: version 2 answers 10 % of entity keys").contains("by carol");
        given().when().get("/api/v1/models/" + model + "/route").then().statusCode(200)
                .body("mode", equalTo("canary")).body("challenger", equalTo(2)).body("percent", equalTo(10));

        Run show = plugin(Tokens.of(Roles.DATA_SCIENTIST), "route", model);
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("canary: version 2 answers 10 %");

        Run abort = plugin(operator, "route", model, "abort", "--reason", "error rate up");
        assertThat(abort.exit()).as(abort.err()).isZero();
        assertThat(abort.out()).contains("no challenger; the champion answers every request");
        given().when().get("/api/v1/models/" + model + "/route").then().body("mode", equalTo("off"));
    }

    @Test
    void shouldPromoteTheChallengerThroughTheGate() throws Exception {
        String model = modelWithChampionAndBetterCandidate();
        String operator = Tokens.of(Roles.OPERATOR);
        assertThat(plugin(operator, "route", model, "set", "--mode", "shadow", "--challenger", "2").exit()).isZero();

        Run promote = plugin(operator, "route", model, "promote");
        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(promote.out()).contains("version 2 is champion");
        given().when().get("/api/v1/models/" + model + "/aliases").then().statusCode(200)
                .body("champion", equalTo(2));
    }

    @Test
    void shouldExitNonZeroWithTheRegistrysReasonAndChangeNothingOnABadRoute() throws Exception {
        String model = modelWithChampionAndBetterCandidate();

        Run tooMuch = plugin(Tokens.of(Roles.OPERATOR), "route", model, "set", "--mode", "canary", "--challenger", "2",
                "--percent", "150");
        assertThat(tooMuch.exit()).isEqualTo(1);
        assertThat(tooMuch.err()).contains("answered 400").contains("percent");
        given().when().get("/api/v1/models/" + model + "/route").then().body("mode", equalTo("off"));

        Run readOnly = plugin(Tokens.of(Roles.DATA_SCIENTIST), "route", model, "set", "--mode", "shadow", "--challenger", "2");
        assertThat(readOnly.exit()).isEqualTo(1);
        assertThat(readOnly.err()).contains("answered 403");

        Run unknown = plugin(Tokens.of(Roles.OPERATOR), "route", model + "-nope");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("answered 404");
    }

    @Test
    void shouldRefuseWithoutATokenBeforeCallingTheRegistry() throws Exception {
        Run run = plugin(null, "route", "any-model");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("RTML_TOKEN");
    }
}
