package io.rtml.inference.routing;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.LocalPlatform;
import io.rtml.devstack.LocalPlatform.Service;
import io.rtml.devstack.ServiceProcess;
import io.rtml.devstack.Tokens;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.runtime.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A canary as a deployment sees it: two inference replicas (real processes, like two pods of one Deployment)
 * behind one registry put every recipient of 10,000 on the same version, the challenger's share lands within
 * two points of the policy's 10 %, and a replica started afresh (a restart, a new pod) agrees with both.
 */
class ReplicaAgreementIT {

    private static final String MODEL = "replica-canary";
    private static final int RECIPIENTS = 10_000;
    private static final String ROW = "{\"hour\": 3, \"tz\": 1, \"device\": \"mobile\"}";
    private static LocalPlatform platform;

    @BeforeAll
    static void twoReplicasAndACanary() throws Exception {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        platform = LocalPlatform.start(List.of(Service.REGISTRY, Service.INFERENCE), "_replica_agreement_it", Map.of());
        String registry = platform.url(Service.REGISTRY);
        given().baseUri(registry).contentType(ContentType.JSON).body("{\"name\": \"" + MODEL + "\"}")
                .when().post("/api/v1/models").then().statusCode(201);
        for (int seed : new int[] {51, 52}) {
            given().baseUri(registry)
                    .multiPart("artifact", "model.tribuo", TestModels.protobufBytes(TestModels.cart(seed)), "application/octet-stream")
                    .multiPart("metadata", RegistryFixture.METADATA.formatted(0.9, "[]", "{}"), "application/json")
                    .when().post("/api/v1/models/" + MODEL + "/versions").then().statusCode(201);
        }
        given().baseUri(registry).contentType(ContentType.JSON).body("{\"version\": 1}")
                .when().put("/api/v1/models/" + MODEL + "/aliases/champion").then().statusCode(200);
        given().baseUri(registry).contentType(ContentType.JSON)
                .body("{\"challenger\": 2, \"mode\": \"canary\", \"percent\": 10, \"stickyBy\": \"entity\"}")
                .when().put("/api/v1/models/" + MODEL + "/route").then().statusCode(200);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void shouldPutEveryRecipientOnTheSameVersionOnEveryReplicaAndAfterARestart() throws Exception {
        String first = platform.url(Service.INFERENCE);
        ServiceProcess second = platform.startReplica(Service.INFERENCE, "replica-2");
        Map<String, Integer> onFirst = versions(first);
        Map<String, Integer> onSecond = versions(second.url());

        assertThat(onSecond).as("versions per recipient on the second replica").isEqualTo(onFirst);
        long toChallenger = onFirst.values().stream().filter(v -> v == 2).count();
        assertThat(toChallenger).as("recipients of 10,000 on the 10 %% canary").isBetween(800L, 1_200L);

        second.close();
        ServiceProcess fresh = platform.startReplica(Service.INFERENCE, "replica-2-restarted");
        assertThat(versions(fresh.url())).as("versions per recipient after the replica restarted").isEqualTo(onFirst);
    }

    /** The version each of the 10,000 recipients gets from the replica at {@code base}, once it applies the canary. */
    private static Map<String, Integer> versions(String base) throws InterruptedException {
        awaitCanary(base);
        Map<String, Integer> out = new HashMap<>();
        for (int call = 0; call < RECIPIENTS / 100; call++) {
            StringBuilder body = new StringBuilder("{\"instances\": [");
            for (int i = 0; i < 100; i++) {
                String key = "r-" + (call * 100 + i);
                body.append(i == 0 ? "" : ",").append("{\"entityKey\": \"").append(key).append("\", \"features\": ")
                        .append(ROW).append('}');
            }
            JsonPath answer = given().baseUri(base).contentType(ContentType.JSON).body(body.append("]}").toString())
                    .when().post("/api/v1/predict/" + MODEL).then().statusCode(200).extract().jsonPath();
            List<String> keys = answer.getList("predictions.entityKey", String.class);
            List<Integer> versions = answer.getList("predictions.version", Integer.class);
            for (int i = 0; i < keys.size(); i++) {
                out.put(keys.get(i), versions.get(i));
            }
        }
        assertThat(out).hasSize(RECIPIENTS);
        return out;
    }

    private static void awaitCanary(String base) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            given().baseUri(base).contentType(ContentType.JSON)
                    .body("{\"instances\": [{\"entityKey\": \"probe\", \"features\": " + ROW + "}]}")
                    .when().post("/api/v1/predict/" + MODEL).then().statusCode(200);
            Object mode = given().baseUri(base).when().get("/api/v1/routes/" + MODEL).then().statusCode(200).extract().path("mode");
            if ("canary".equals(mode)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(base + " never applied the canary");
    }
}
