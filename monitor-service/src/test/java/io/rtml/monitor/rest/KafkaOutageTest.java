package io.rtml.monitor.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DedicatedKafka;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.HttpPolling;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka down (the monitor's own real broker stopped, not a shared one): posting labels, the one request that
 * waits on Kafka, answers 503 with Retry-After naming Kafka within the configured send timeout, never a 500
 * or a hung request; readiness goes DOWN while liveness stays UP, and once the broker is back the same call succeeds by itself
 * and its labels are on the topic.
 */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "rtml_monitor_kafka_outage_test"),
        @ResourceArg(name = "dedicatedKafka", value = KafkaOutageTest.BROKER)})
class KafkaOutageTest {

    static final String BROKER = "monitor-outage-kafka";
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    @BeforeEach
    void signInAsDataScientist() {
        Tokens.signIn(Tokens.of(Roles.DATA_SCIENTIST));
    }

    @AfterEach
    void startTheBrokerAgain() {
        DedicatedKafka.named(BROKER).start();
    }

    @Test
    void shouldAnswer503WithRetryAfterWhileKafkaIsDownAndAcceptLabelsAgainOnceItIsBack() throws Exception {
        String model = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        postLabel(model, "before").then().statusCode(202);

        DedicatedKafka.named(BROKER).stop();

        long started = System.nanoTime();
        Response during = postLabel(model, "during");
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertThat(during.statusCode()).as(during.asString()).isEqualTo(503);
        assertThat(during.header("Retry-After")).isNotBlank();
        assertThat(during.jsonPath().getString("error")).contains("Kafka").contains("resend");
        // Bounded by the channel's delivery timeout (8 s), not the producer's default two minutes.
        assertThat(waited).isLessThan(Duration.ofSeconds(30));
        HttpPolling.awaitStatus("/q/health/ready", 503, Duration.ofSeconds(60));
        given().when().get("/q/health/live").then().statusCode(200);

        DedicatedKafka.named(BROKER).start();
        HttpPolling.awaitStatus("/q/health/ready", 200, RECOVERY);

        long deadline = System.nanoTime() + RECOVERY.toNanos();
        Response after = postLabel(model, "after");
        while (after.statusCode() != 202 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            after = postLabel(model, "after");
        }
        assertThat(after.statusCode()).as(after.asString()).isEqualTo(202);
        try (TopicReader reader = new TopicReader(DedicatedKafka.named(BROKER).bootstrapServers(), "rtml.ground-truth")) {
            assertThat(reader.await(r -> model.equals(r.key()) && r.value().contains(model + "-after"), 1,
                    Duration.ofSeconds(30))).isNotEmpty();
        }
    }


    private static Response postLabel(String model, String requestSuffix) {
        return given().contentType(ContentType.JSON)
                .body("{\"labels\": [{\"requestId\": \"" + model + "-" + requestSuffix + "\", \"model\": \"" + model
                        + "\", \"label\": \"yes\"}]}")
                .when().post("/api/v1/ground-truth");
    }
}
