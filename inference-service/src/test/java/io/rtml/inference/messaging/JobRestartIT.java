package io.rtml.inference.messaging;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.LocalPlatform.Service;
import io.rtml.devstack.LocalPlatform;
import io.rtml.devstack.SharedInfrastructure;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicReader;
import io.rtml.inference.FeatureFixture;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.runtime.TestModels;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job survives a crash of the inference service: registry, feature store and inference run as
 * processes (LocalPlatform), inference is killed with SIGKILL while the job runs and started again,
 * and the job still ends with every key counted exactly once and answered on rtml.inference-results.
 */
class JobRestartIT {

    private static final int KEYS = 20_000;
    private static final String VIEW = "restart_timing";
    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        // Small chunks, one at a time: the job is still running when the kill comes.
        platform = LocalPlatform.start(List.of(Service.REGISTRY, Service.FEATURE_STORE, Service.INFERENCE),
                "_jobs_restart_it", Map.of("RTML_INFERENCE_JOBS_CHUNK_SIZE", "200",
                        "RTML_INFERENCE_JOBS_CONCURRENCY", "1"));
        String featureStore = platform.url(Service.FEATURE_STORE);
        String refs = FeatureFixture.createTimingView(featureStore, VIEW);
        FeatureFixture.writeRows(featureStore, VIEW, KEYS, i -> "r" + i);
        String registry = platform.url(Service.REGISTRY);
        given().baseUri(registry).contentType(ContentType.JSON).body("{\"name\": \"restart-model\"}")
                .when().post("/api/v1/models").then().statusCode(201);
        given().baseUri(registry)
                .multiPart("artifact", "model.tribuo", TestModels.protobufBytes(TestModels.cart(5)), "application/octet-stream")
                .multiPart("metadata", RegistryFixture.METADATA.formatted(0.9, refs, "{}"), "application/json")
                .when().post("/api/v1/models/restart-model/versions").then().statusCode(201);
        given().baseUri(registry).contentType(ContentType.JSON).body("{\"version\": 1, \"actor\": \"test\"}")
                .when().put("/api/v1/models/restart-model/aliases/champion").then().statusCode(200);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void shouldFinishAJobAfterAKillOfTheInferenceServiceWithoutLosingOrDoubleCountingKeys() throws Exception {
        String inference = platform.url(Service.INFERENCE);
        String file = IntStream.range(0, KEYS).mapToObj(i -> "r" + i).collect(Collectors.joining("\n"));
        String id = given().baseUri(inference).contentType(ContentType.TEXT).body(file)
                .queryParam("model", "restart-model")
                .when().post("/api/v1/jobs").then().statusCode(201).extract().path("id");

        // Kill it once some chunks are counted and many are not.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        long countedBeforeKill;
        while (true) {
            Response job = given().baseUri(inference).when().get("/api/v1/jobs/" + id);
            countedBeforeKill = job.<Integer>path("done") + job.<Integer>path("failed");
            if (countedBeforeKill >= 1_000) {
                break;
            }
            assertThat(Instant.now()).as("job progress before the kill: " + job.asString()).isBefore(deadline);
            Thread.sleep(100);
        }
        platform.kill(Service.INFERENCE);
        assertThat(countedBeforeKill).as("the kill came mid-job").isLessThan(KEYS);
        platform.restart(Service.INFERENCE);

        Response finished = null;
        deadline = Instant.now().plus(Duration.ofSeconds(300));
        while (Instant.now().isBefore(deadline)) {
            finished = given().baseUri(inference).when().get("/api/v1/jobs/" + id);
            if (Set.of("succeeded", "failed", "cancelled").contains(finished.<String>path("state"))) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(finished).isNotNull();
        System.out.println("job after the restart: " + finished.asString() + " (killed at " + countedBeforeKill
                + " counted)");
        assertThat(finished.<String>path("state")).as(finished.asString()).isEqualTo("succeeded");
        assertThat(finished.<Integer>path("total")).isEqualTo(KEYS);
        assertThat(finished.<Integer>path("done") + finished.<Integer>path("failed")).isEqualTo(KEYS);
        assertThat(finished.<Integer>path("failed")).isZero();

        // At least once: every key has an answer; some may have been sent twice around the kill.
        try (TopicReader results = new TopicReader(SharedInfrastructure.kafkaBootstrap(), "rtml.inference-results")) {
            List<ConsumerRecord<String, String>> ours = results.await(
                    r -> r.value().contains("\"jobId\":\"" + id + "\""), KEYS, Duration.ofSeconds(60));
            Set<String> answered = ours.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            long start = System.nanoTime();
            while (answered.size() < KEYS && System.nanoTime() - start < Duration.ofSeconds(60).toNanos()) {
                ours = results.await(r -> r.value().contains("\"jobId\":\"" + id + "\""), ours.size() + 1,
                        Duration.ofSeconds(60));
                answered = ours.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            }
            assertThat(answered).hasSize(KEYS);
            assertThat(answered).containsAll(IntStream.range(0, KEYS).mapToObj(i -> id + "/" + i).toList());
        }
    }
}
