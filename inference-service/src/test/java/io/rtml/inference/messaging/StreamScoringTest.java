package io.rtml.inference.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.Topics;
import io.rtml.contracts.event.InferenceRequestEvent;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.PlatformTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicReader;
import io.rtml.devstack.TopicWriter;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.runtime.Scored;
import io.rtml.inference.runtime.TestModels;
import io.rtml.inference.runtime.TribuoRuntime;
import io.rtml.inference.service.ReviewQueue;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Stream scoring and the review queue against a real broker, registry and feature store. */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "services", value = "REGISTRY,FEATURE_STORE"),
        @ResourceArg(name = "databaseSuffix", value = "_inference_stream_test")})
class StreamScoringTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Model<Label> MODEL = TestModels.logistic(7);
    private static final TribuoRuntime DIRECT = TribuoRuntime.load(TestModels.protobufBytes(MODEL));
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String VIEW = "stream_" + RUN;
    private static String name;
    private static KafkaProducer<String, String> producer;

    @Inject
    ReviewQueue reviewQueue;

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    @BeforeAll
    static void registerModelAndFeatures() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        String featureStore = ConfigProvider.getConfig().getValue("rtml.feature-store.url", String.class);
        String entity = "recipient_" + RUN;
        given().baseUri(featureStore).contentType(ContentType.JSON)
                .body("{\"name\": \"" + entity + "\", \"description\": \"an email recipient\"}")
                .when().post("/api/v1/entities").then().statusCode(201);
        given().baseUri(featureStore).contentType(ContentType.JSON)
                .body("{\"name\": \"" + VIEW + "\", \"entity\": \"" + entity + "\", \"ttlSeconds\": 86400, \"features\": ["
                        + "{\"name\": \"hour\", \"type\": \"FP64\"}, {\"name\": \"tz\", \"type\": \"FP64\"},"
                        + "{\"name\": \"device\", \"type\": \"STRING\"}]}")
                .when().post("/api/v1/feature-views").then().statusCode(201);
        given().baseUri(featureStore).contentType(ContentType.JSON)
                .body("{\"rows\": [{\"entityKey\": \"s1\", \"eventTime\": \"" + Instant.now()
                        + "\", \"values\": {\"hour\": 20, \"tz\": 3, \"device\": \"desktop\"}}]}")
                .when().post("/api/v1/feature-views/" + VIEW + "/rows").then().statusCode(200);

        name = "stream-" + RUN;
        RegistryFixture.createModel(name);
        RegistryFixture.register(name, MODEL, 0.9,
                "[\"" + VIEW + ":hour\", \"" + VIEW + ":tz\", \"" + VIEW + ":device\"]");
        RegistryFixture.setChampion(name, 1);

        producer = TopicWriter.stringProducer(bootstrap());
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void shouldAnswerRequestsByRawFeaturesAndByEntityKeyWithTheModelsOwnPrediction() throws Exception {
        Map<String, Object> raw = row(3.0, -2.0, "mobile");
        String byFeatures = send(null, request("f-" + RUN, name, null, raw));
        String byKey = send(null, request("k-" + RUN, name, "s1", null));

        Map<String, JsonNode> results = awaitResults(List.of(byFeatures, byKey));

        Scored expectedRaw = DIRECT.predict(List.of(raw)).get(0);
        Scored expectedKey = DIRECT.predict(List.of(row(20.0, 3.0, "desktop"))).get(0);
        assertResult(results.get(byFeatures), expectedRaw);
        assertResult(results.get(byKey), expectedKey);
    }

    @Test
    void shouldAnswerAnUnknownModelWithAnErrorAndStillAnswerTheNextRequest() throws Exception {
        Map<String, Object> raw = row(22.0, 1.0, "desktop");
        // Same partition, so the good request really queues behind the failing one.
        String unknown = send(0, request("u-" + RUN, "no-such-model-" + RUN, null, raw));
        String good = send(0, request("g-" + RUN, name, null, raw));

        Map<String, JsonNode> results = awaitResults(List.of(unknown, good));

        assertThat(results.get(unknown).path("error").asText()).startsWith("404").contains("no-such-model-" + RUN);
        assertThat(results.get(unknown).path("output").isNull()).isTrue();
        assertResult(results.get(good), DIRECT.predict(List.of(raw)).get(0));
    }

    @Test
    void shouldAnswerAnUnscorableRowWithAnError() throws Exception {
        String empty = send(0, request("e-" + RUN, name, null, null));
        assertThat(awaitResults(List.of(empty)).get(empty).path("error").asText())
                .startsWith("400").contains("needs an entityKey, features, or both");
    }

    @Test
    void shouldSkipAndCountMalformedJson() throws Exception {
        double before = metric("rtml_inference_stream_rejected_total\\{reason=\"malformed_json\"");
        producer.send(new ProducerRecord<>(Topics.INFERENCE_REQUESTS, 0, "bad-" + RUN, "{\"requestId\": ")).get();
        String good = send(0, request("after-bad-" + RUN, name, null, row(1.0, 0.0, "mobile")));

        assertThat(awaitResults(List.of(good)).get(good).path("error").isNull()).isTrue();
        try (TopicReader reader = new TopicReader(bootstrap(), Topics.INFERENCE_RESULTS)) {
            assertThat(reader.await(r -> r.key().equals("bad-" + RUN), 0, Duration.ZERO)).isEmpty();
        }
        assertThat(metric("rtml_inference_stream_rejected_total\\{reason=\"malformed_json\"")).isGreaterThan(before);
    }

    @Test
    void shouldQueueOnlyLowConfidencePredictionsForReviewFromRestAndStream() throws Exception {
        List<Map<String, Object>> grid = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            for (int tz = -4; tz <= 4; tz++) {
                grid.add(row(hour, tz, hour % 2 == 0 ? "mobile" : "desktop"));
            }
        }
        List<Scored> scored = DIRECT.predict(grid);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> scored.get(i).confidence()));
        Map<String, Object> unsure = grid.get(order.get(0));
        Map<String, Object> sure = grid.get(order.get(order.size() - 1));
        // The test profile's threshold is 0.9: these rows are far on either side of it.
        assertThat(scored.get(order.get(0)).confidence()).isLessThan(0.8);
        assertThat(scored.get(order.get(order.size() - 1)).confidence()).isGreaterThan(0.97);

        String sureRest = "sure-rest-" + RUN;
        String unsureRest = "unsure-rest-" + RUN;
        given().contentType(ContentType.JSON)
                .body(JSON.writeValueAsString(Map.of("instances", List.of(
                        Map.of("requestId", sureRest, "features", sure),
                        Map.of("requestId", unsureRest, "features", unsure)))))
                .when().post("/api/v1/predict/" + name).then().statusCode(200);
        String sureStream = send(null, request("sure-stream-" + RUN, name, null, sure));
        String unsureStream = send(null, request("unsure-stream-" + RUN, name, null, unsure));
        awaitResults(List.of(sureStream, unsureStream));

        try (TopicReader reader = new TopicReader(bootstrap(), Topics.REVIEW_QUEUE)) {
            List<ConsumerRecord<String, String>> queued = reader.await(r -> name.equals(r.key()), 2, WAIT);
            Thread.sleep(1_000);
            queued = reader.await(r -> name.equals(r.key()), 2, WAIT);
            List<String> ids = new ArrayList<>();
            for (ConsumerRecord<String, String> r : queued) {
                JsonNode review = JSON.readTree(r.value());
                ids.add(review.path("requestId").asText());
                assertThat(review.path("confidence").asDouble()).isLessThan(0.9);
                assertThat(review.path("version").asInt()).isEqualTo(1);
                assertThat(review.path("output").asText()).isEqualTo(scored.get(order.get(0)).label());
                assertThat(review.path("inputs").path("hour").asDouble()).isEqualTo((Double) unsure.get("hour"));
            }
            assertThat(ids).containsExactlyInAnyOrder(unsureRest, unsureStream);
        }
        assertThat(metric("rtml_review_queued_total\\{model=\"" + Pattern.quote(name) + "\"")).isEqualTo(2.0);
    }

    @Test
    void shouldAnswerAPollsRequestsInOrderAndCommitItsOffsetsOnlyOnceAnswered() throws Exception {
        List<String> ids = new ArrayList<>();
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            InferenceRequestEvent r = request(String.format("order-%s-%03d", RUN, i), name,
                    i % 3 == 0 ? "s1" : null, i % 3 == 0 ? null : row(i % 24, i % 5 - 2, i % 2 == 0 ? "mobile" : "desktop"));
            ids.add(r.requestId());
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INFERENCE_REQUESTS, 1, r.requestId(),
                    JSON.writeValueAsString(r));
            record.headers().add("authorization", ("Bearer " + Tokens.of(Roles.ADMIN)).getBytes(StandardCharsets.US_ASCII));
            sent.add(producer.send(record));
        }
        long lastOffset = 0;
        for (var f : sent) {
            lastOffset = Math.max(lastOffset, f.get().offset());
        }
        try (TopicReader reader = new TopicReader(bootstrap(), Topics.INFERENCE_RESULTS)) {
            List<ConsumerRecord<String, String>> results = reader.await(r -> ids.contains(r.key()), ids.size(), WAIT);
            assertThat(results).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
            Map<Integer, List<Integer>> orderByPartition = new LinkedHashMap<>();
            for (ConsumerRecord<String, String> r : results) {
                assertThat(JSON.readTree(r.value()).path("error").isNull()).as(r.value()).isTrue();
                orderByPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(ids.indexOf(r.key()));
            }
            // Within each result partition, answers appear in the order their requests were consumed.
            orderByPartition.values().forEach(order -> assertThat(order).isSorted());
        }
        long expectedCommit = lastOffset + 1;
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", bootstrap()))) {
            org.apache.kafka.common.TopicPartition p1 = new org.apache.kafka.common.TopicPartition(Topics.INFERENCE_REQUESTS, 1);
            Instant deadline = Instant.now().plus(WAIT);
            long committed = -1;
            while (Instant.now().isBefore(deadline)) {
                var offsets = admin.listConsumerGroupOffsets("rtml-inference-stream").partitionsToOffsetAndMetadata().get();
                committed = offsets.containsKey(p1) && offsets.get(p1) != null ? offsets.get(p1).offset() : -1;
                if (committed >= expectedCommit) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(committed).isGreaterThanOrEqualTo(expectedCommit);
        }
        double batches = metric("rtml_inference_stream_batch_size_count");
        double requests = metric("rtml_inference_stream_batch_size_sum");
        assertThat(batches).as("polls scored as micro-batches").isLessThan(requests);
    }

    @Test
    void shouldUseAPerModelThresholdWhereOneIsSet() {
        assertThat(reviewQueue.threshold("strict-model")).isEqualTo(0.99);
        assertThat(reviewQueue.threshold(name)).isEqualTo(0.9);
    }

    private static Map<String, Object> row(double hour, double tz, String device) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("hour", hour);
        row.put("tz", tz);
        row.put("device", device);
        return row;
    }

    private static InferenceRequestEvent request(String requestId, String model, String entityKey,
                                                 Map<String, Object> features) {
        return new InferenceRequestEvent(requestId, null, model, entityKey, features);
    }

    /** Produces the request keyed by its id, on {@code partition} when given; returns the id. */
    private static String send(Integer partition, InferenceRequestEvent request) throws Exception {
        return send(partition, request, Tokens.of(Roles.ADMIN));
    }

    /** Sends {@code request} with {@code token} in its {@code authorization} header (none when null). */
    private static String send(Integer partition, InferenceRequestEvent request, String token) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INFERENCE_REQUESTS, partition,
                request.requestId(), JSON.writeValueAsString(request));
        if (token != null) {
            record.headers().add("authorization", ("Bearer " + token).getBytes(StandardCharsets.US_ASCII));
        }
        producer.send(record).get();
        return request.requestId();
    }

    private static Map<String, JsonNode> awaitResults(List<String> requestIds) throws Exception {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        try (TopicReader reader = new TopicReader(bootstrap(), Topics.INFERENCE_RESULTS)) {
            for (ConsumerRecord<String, String> r : reader.await(r -> requestIds.contains(r.key()), requestIds.size(), WAIT)) {
                JsonNode result = JSON.readTree(r.value());
                assertThat(result.path("requestId").asText()).isEqualTo(r.key());
                byId.put(r.key(), result);
            }
        }
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(requestIds);
        return byId;
    }

    private static void assertResult(JsonNode result, Scored expected) {
        assertThat(result.path("error").isNull()).as("error of %s", result).isTrue();
        assertThat(result.path("model").asText()).isEqualTo(name);
        assertThat(result.path("version").asInt()).isEqualTo(1);
        assertThat(result.path("route").asText()).as("the side of the route that answered").isEqualTo("champion");
        assertThat(result.path("output").asText()).isEqualTo(expected.label());
        expected.scores().forEach((label, score) ->
                assertThat(result.path("scores").path(label).asDouble()).isCloseTo(score, org.assertj.core.data.Offset.offset(1e-9)));
    }

    /** A counter's value from {@code /q/metrics}, 0 when it does not exist yet. */
    private static double metric(String seriesRegex) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + seriesRegex + "[^}]*} (\\S+)$", Pattern.MULTILINE).matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
