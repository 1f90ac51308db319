package io.rtml.inference.rest;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.LocalPlatform;
import io.rtml.devstack.LocalPlatform.Service;
import io.rtml.devstack.Tokens;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.runtime.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's gate asks inference to load and ask a candidate before it may serve: real registry and
 * inference processes. A corrupt artifact is refused as champion and as challenger with the load error in the
 * report, a real model passes with its load time in the report, and with inference down the gate fails closed.
 */
class GateLoadCheckIT {

    private static final String MODEL = "gate-load";
    private static LocalPlatform platform;

    @BeforeAll
    static void registryAndInference() throws Exception {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        platform = LocalPlatform.start(List.of(Service.REGISTRY, Service.INFERENCE), "_gate_load_it", Map.of());
        given().baseUri(registry()).contentType(ContentType.JSON).body("{\"name\": \"" + MODEL + "\"}")
                .when().post("/api/v1/models").then().statusCode(201);
        register(TestModels.protobufBytes(TestModels.cart(61)));                // v1: a real model
        register(new byte[] {7, 1, 2, 3, 9, 9, 9, 0x55});                       // v2: bytes no runtime reads
        register(TestModels.protobufBytes(TestModels.cart(62)));                // v3: a real model
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    private static String registry() {
        return platform.url(Service.REGISTRY);
    }

    private static void register(byte[] artifact) {
        given().baseUri(registry())
                .multiPart("artifact", "model.tribuo", artifact, "application/octet-stream")
                .multiPart("metadata", io.rtml.inference.RegistryFixture.METADATA.formatted(0.9, "[]", "{}"), "application/json")
                .when().post("/api/v1/models/" + MODEL + "/versions").then().statusCode(201);
    }

    private static Response setChampion(int version) {
        return given().baseUri(registry()).contentType(ContentType.JSON).body("{\"version\": " + version + "}")
                .when().put("/api/v1/models/" + MODEL + "/aliases/champion");
    }

    private static Map<String, Object> loadCheck(JsonPath report, String checks) {
        List<Map<String, Object>> all = report.getList(checks);
        return all.stream().filter(c -> "loads-and-answers".equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no loads-and-answers check in " + report.prettify()));
    }

    @Test
    void shouldRefuseACorruptArtifactPassARealOneAndFailClosedWithoutInference() throws Exception {
        Response corrupt = setChampion(2);
        assertThat(corrupt.statusCode()).as(corrupt.asString()).isEqualTo(409);
        Map<String, Object> refused = loadCheck(corrupt.jsonPath(), "details.checks");
        assertThat(refused.get("passed")).isEqualTo(false);
        assertThat((String) refused.get("message")).contains(MODEL + " v2 failed to load");

        Response real = setChampion(1);
        assertThat(real.statusCode()).as(real.asString()).isEqualTo(200);
        Map<String, Object> passed = loadCheck(real.jsonPath(), "gate.checks");
        assertThat(passed.get("passed")).isEqualTo(true);
        assertThat((String) passed.get("message")).startsWith("loaded (tribuo on cpu) in ").contains("answered 32 rows");

        Response challenger = given().baseUri(registry()).contentType(ContentType.JSON)
                .body("{\"challenger\": 2, \"mode\": \"canary\", \"percent\": 10, \"stickyBy\": \"entity\"}")
                .when().put("/api/v1/models/" + MODEL + "/route");
        assertThat(challenger.statusCode()).as(challenger.asString()).isEqualTo(409);
        assertThat((String) loadCheck(challenger.jsonPath(), "details.checks").get("message")).contains("failed to load");

        platform.kill(Service.INFERENCE);
        Response closed = setChampion(3);
        assertThat(closed.statusCode()).as(closed.asString()).isEqualTo(409);
        assertThat((String) loadCheck(closed.jsonPath(), "details.checks").get("message")).contains("the gate fails closed");
        assertThat(given().baseUri(registry()).when().get("/api/v1/models/" + MODEL).then().statusCode(200)
                .extract().jsonPath().getInt("aliases.champion")).as("champion after the refusals").isEqualTo(1);

        platform.restart(Service.INFERENCE);
        Response after = setChampion(3);
        assertThat(after.statusCode()).as(after.asString()).isEqualTo(200);
    }
}
