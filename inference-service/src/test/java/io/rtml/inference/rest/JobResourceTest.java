package io.rtml.inference.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.PlatformTestResource;
import io.rtml.devstack.SharedInfrastructure;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicReader;
import io.rtml.inference.FeatureFixture;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.runtime.TestModels;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Bulk scoring jobs against a real registry and feature store (processes), real Kafka (the chunks go
 * through rtml.scoring-jobs) and real PostgreSQL. The test profile scores chunks of 100, one at a time.
 */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "services", value = "REGISTRY,FEATURE_STORE"),
        @ResourceArg(name = "databaseSuffix", value = "_jobs_resource_test")})
class JobResourceTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static final String VIEW = "job_timing";
    private static final int STORED_KEYS = 1_000;
    private static String model;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void registerModelTenantAndFeatures() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        String featureStore = ConfigProvider.getConfig().getValue("rtml.feature-store.url", String.class);
        String refs = FeatureFixture.createTimingView(featureStore, VIEW);
        FeatureFixture.writeRows(featureStore, VIEW, STORED_KEYS, i -> "k" + i);
        given().baseUri(RegistryFixture.registryUrl()).contentType(ContentType.JSON)
                .body("{\"id\": \"jobs-acme\", \"name\": \"Acme\", \"industry\": \"retail\"}")
                .when().post("/api/v1/tenants").then().statusCode(201);
        model = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
        RegistryFixture.createModel(model);
        RegistryFixture.register(model, TestModels.cart(7), 0.9, refs);
        RegistryFixture.setChampion(model, 1);
        // Jobs for a tenant are scored as its predict calls are: it must subscribe to the model.
        given().baseUri(RegistryFixture.registryUrl()).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/tenants/jobs-acme/subscriptions/" + model).then().statusCode(200);
    }

    @Test
    void shouldScoreEveryKeyOfAStreamedKeysFileCountBadLinesAndTagResultsWithTheJob() throws Exception {
        String longKey = "x".repeat(300);
        String file = IntStream.range(0, STORED_KEYS).mapToObj(i -> "k" + i).collect(Collectors.joining("\n"))
                + "\n\n   \nbad\u0000key\n" + longKey + "\r\n";
        Response created = given().contentType(ContentType.TEXT).body(file)
                .queryParam("model", model).queryParam("tenant", "jobs-acme")
                .when().post("/api/v1/jobs");
        created.then().statusCode(201)
                .header("Location", containsString("/api/v1/jobs/"))
                .body("total", equalTo(STORED_KEYS + 2))
                .body("failed", equalTo(2))
                .body("tenant", equalTo("jobs-acme"));
        String id = created.path("id");

        Response finished = awaitEnd(id, Duration.ofSeconds(120));
        finished.then().body("state", equalTo("succeeded"))
                .body("done", equalTo(STORED_KEYS))
                .body("failed", equalTo(2))
                .body("remaining", equalTo(0))
                .body("firstErrors[0].line", equalTo(STORED_KEYS + 3))
                .body("firstErrors[0].error", containsString("NUL"))
                .body("firstErrors[1].line", equalTo(STORED_KEYS + 4))
                .body("firstErrors[1].error", containsString("longer than 256"));
        assertThat(finished.<Float>path("keysPerSecond")).isPositive();

        try (TopicReader results = new TopicReader(SharedInfrastructure.kafkaBootstrap(), "rtml.inference-results")) {
            List<ConsumerRecord<String, String>> ours = results.await(
                    r -> r.value().contains("\"jobId\":\"" + id + "\""), STORED_KEYS, Duration.ofSeconds(30));
            Set<String> requestIds = ours.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertThat(requestIds).hasSize(STORED_KEYS).contains(id + "/0", id + "/" + (STORED_KEYS - 1));
            assertThat(ours).allSatisfy(r -> assertThat(r.value()).contains("\"output\":\"").contains("\"entityKey\":\"k"));
        }
    }

    @Test
    void shouldTakeASmallJsonListOfKeys() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"model\": \"" + model + "\", \"entityKeys\": [\"k1\", \"k2\", \"\", \"k3\"]}")
                .when().post("/api/v1/jobs").then().statusCode(201).body("total", equalTo(3)).extract().path("id");
        awaitEnd(id, Duration.ofSeconds(60)).then().body("state", equalTo("succeeded")).body("done", equalTo(3));
    }

    @Test
    void shouldRefuseAnUnknownModelOrTenantOrAnEmptyOrOversizeUploadAndStoreNothing() throws Exception {
        long[] before = storedJobsAndChunks();
        given().contentType(ContentType.TEXT).body("k1\nk2\n").queryParam("model", "no-such-model")
                .when().post("/api/v1/jobs")
                .then().statusCode(404).body("error", containsString("'no-such-model' is not registered"));
        given().contentType(ContentType.TEXT).body("k1\nk2\n").queryParam("model", model)
                .queryParam("tenant", "no-such-tenant")
                .when().post("/api/v1/jobs")
                .then().statusCode(404).body("error", containsString("'no-such-tenant' is not registered"));
        given().contentType(ContentType.TEXT).body("k1\n").when().post("/api/v1/jobs")
                .then().statusCode(400).body("error", containsString("model is required"));
        given().contentType(ContentType.TEXT).body("\n \n\u0001\n").queryParam("model", model)
                .when().post("/api/v1/jobs")
                .then().statusCode(400).body("error", containsString("no entity key")).body("error", containsString("1 bad lines"));
        // 5,001 keys against a limit of 5,000 (test profile): refused after 50 chunks were already written.
        String tooMany = IntStream.range(0, 5_001).mapToObj(i -> "k" + (i % STORED_KEYS)).collect(Collectors.joining("\n"));
        given().contentType(ContentType.TEXT).body(tooMany).queryParam("model", model)
                .when().post("/api/v1/jobs")
                .then().statusCode(413).body("error", containsString("more than 5000 keys"));
        assertThat(storedJobsAndChunks()).containsExactly(before);
    }

    @Test
    void shouldStopScoringACancelledJobWithItsCountsExact() throws Exception {
        String file = IntStream.range(0, 5_000).mapToObj(i -> "k" + (i % STORED_KEYS)).collect(Collectors.joining("\n"));
        String id = given().contentType(ContentType.TEXT).body(file).queryParam("model", model)
                .when().post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        given().when().delete("/api/v1/jobs/" + id).then().statusCode(200).body("state", equalTo("cancelled"));
        Thread.sleep(3_000); // a chunk being scored when the job was cancelled still ends and counts
        int counted = counted(id);
        Thread.sleep(2_000);
        assertThat(counted(id)).isEqualTo(counted).isLessThan(5_000);
        assertThat(counted % 100).isZero(); // whole chunks only
        assertThat(counted).isEqualTo(scoredInChunks(id));
        given().when().delete("/api/v1/jobs/" + id).then().statusCode(409).body("error", containsString("cancelled"));
    }

    @Test
    void shouldListJobsNewestFirstAndAnswer404ForAnUnknownJob() {
        given().contentType(ContentType.JSON).body("{\"model\": \"" + model + "\", \"entityKeys\": [\"k1\"]}")
                .when().post("/api/v1/jobs").then().statusCode(201);
        String newest = given().contentType(ContentType.JSON).body("{\"model\": \"" + model + "\", \"entityKeys\": [\"k2\"]}")
                .when().post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        given().queryParam("size", 2).when().get("/api/v1/jobs").then().statusCode(200)
                .body("items[0].id", equalTo(newest)).body("items.size()", equalTo(2));
        given().queryParam("size", 0).when().get("/api/v1/jobs").then().statusCode(400);
        given().when().get("/api/v1/jobs/" + UUID.randomUUID()).then().statusCode(404).body("error", startsWith("No job"));
        given().when().get("/api/v1/jobs/not-a-uuid").then().statusCode(404);
    }

    private static Response awaitEnd(String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Response job = given().when().get("/api/v1/jobs/" + id);
            job.then().statusCode(200);
            String state = job.path("state");
            if (Set.of("succeeded", "failed", "cancelled").contains(state)) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Job " + id + " still " + state + " after " + timeout + ": " + job.asString());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static int counted(String id) {
        Response job = given().when().get("/api/v1/jobs/" + id);
        return job.<Integer>path("done") + job.<Integer>path("failed");
    }

    private long[] storedJobsAndChunks() throws Exception {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT (SELECT count(*) FROM scoring_job), (SELECT count(*) FROM scoring_job_chunk)")) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        }
    }

    private int scoredInChunks(String id) throws Exception {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT coalesce(sum(done + failed), 0) FROM scoring_job_chunk "
                     + "WHERE job_id = '" + UUID.fromString(id) + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
