package io.rtml.inference.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.PlatformTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.runtime.TestModels;
import io.rtml.inference.runtime.TribuoRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** 50 small models behind one replica whose memory budget holds 10 of them. */
@QuarkusTest
@TestProfile(MemoryBudgetTest.HoldsTen.class)
@WithTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "services", value = "REGISTRY"),
        @ResourceArg(name = "databaseSuffix", value = "_inference_budget_test")})
class MemoryBudgetTest {

    static final byte[] ARTIFACT = TestModels.protobufBytes(TestModels.cart(41));
    /** What the service will measure for each of the 50 (the same real model under 50 names). */
    static final long SIZE = TribuoRuntime.load(ARTIFACT).residentBytes();
    static final long BUDGET = 10 * SIZE + SIZE / 2;
    static final int MODELS = 50;
    static final String PREFIX = "budget-";

    public static class HoldsTen implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rtml.inference.models.memory-budget", Long.toString(BUDGET));
        }
    }

    private static final String INFER = """
            {"inputs": [
              {"name": "hour", "shape": [1], "datatype": "FP64", "data": [20]},
              {"name": "tz", "shape": [1], "datatype": "FP64", "data": [3]},
              {"name": "device", "shape": [1], "datatype": "BYTES", "data": ["mobile"]}]}""";

    @BeforeAll
    static void registerFiftyModels() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        for (int i = 0; i < MODELS; i++) {
            String name = PREFIX + i;
            RegistryFixture.createModel(name);
            RegistryFixture.setChampion(name, RegistryFixture.registerArtifact(name, ARTIFACT, 0.9, "[]"));
        }
    }

    private static int infer(int model) {
        return given().contentType(ContentType.JSON).body(INFER).when().post("/v2/models/" + PREFIX + model + "/infer")
                .then().extract().statusCode();
    }

    private static List<Map<String, Object>> index() {
        return given().when().get("/v2/repository/index").then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static List<String> ready() {
        return index().stream().filter(e -> "READY".equals(e.get("state"))).map(e -> (String) e.get("name")).sorted().toList();
    }

    private static double metric(String name) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(l -> l.startsWith(name) && l.length() > name.length()
                        && " {,}".indexOf(l.charAt(name.length())) >= 0).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElseThrow();
    }

    @Test
    void shouldAnswerFiftyModelsWithinABudgetOfTenEvictingTheLeastRecentlyUsed() throws Exception {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        for (int i = 0; i < 10; i++) {
            assertThat(infer(i)).as("model %d", i).isEqualTo(200);
        }
        assertThat(ready()).hasSize(10);
        assertThat(infer(0)).isEqualTo(200); // model 1 is now the least recently used

        assertThat(infer(10)).isEqualTo(200);

        List<String> resident = ready();
        assertThat(resident).hasSize(10).contains(PREFIX + 0, PREFIX + 10).doesNotContain(PREFIX + 1);
        assertThat(index()).anySatisfy(e -> {
            assertThat(e.get("name")).isEqualTo(PREFIX + 1);
            assertThat(e.get("state")).isEqualTo("UNAVAILABLE");
            assertThat((String) e.get("reason")).contains("evicted");
        });

        // Concurrent requests across all 50: loads evict models other requests may be scoring on right now.
        ExecutorService callers = Executors.newFixedThreadPool(6);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int model = (i * 7) % MODELS;
            answers.add(callers.submit(() -> infer(model)));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : answers) {
            statuses.add(f.get(60, TimeUnit.SECONDS));
        }
        callers.shutdown();

        assertThat(statuses).as("every request answers").containsOnly(200);
        assertThat(ready()).hasSizeLessThanOrEqualTo(10);
        assertThat(metric("rtml_inference_models_budget_bytes")).isEqualTo((double) BUDGET);
        assertThat(metric("rtml_inference_models_resident_peak_bytes")).isLessThanOrEqualTo((double) BUDGET)
                .isGreaterThanOrEqualTo(10.0 * SIZE);
        assertThat(metric("rtml_inference_model_evictions_total{model=\"" + PREFIX + 1 + "\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldLoadAndUnloadThroughTheRepositoryExtension() {
        Tokens.signIn(Tokens.of(Roles.OPERATOR));
        String name = PREFIX + 49;
        given().contentType(ContentType.JSON).body("{}").when().post("/v2/repository/models/" + name + "/load")
                .then().statusCode(200).body("state", equalTo("READY")).body("resident_bytes", equalTo((int) SIZE));
        given().contentType(ContentType.JSON).body("{\"ready\": true}").when().post("/v2/repository/index")
                .then().statusCode(200).body("find { it.name == '" + name + "' }.state", equalTo("READY"));

        given().contentType(ContentType.JSON).body("{}").when().post("/v2/repository/models/" + name + "/unload")
                .then().statusCode(200).body("unloaded_versions", equalTo(List.of("1")));
        given().contentType(ContentType.JSON).body("{\"ready\": true}").when().post("/v2/repository/index")
                .then().statusCode(200).body("findAll { it.name == '" + name + "' }", equalTo(List.of()));
        given().contentType(ContentType.JSON).body("{\"parameters\": {\"config\": \"{}\"}}")
                .when().post("/v2/repository/models/" + name + "/load").then().statusCode(400);
    }
}
