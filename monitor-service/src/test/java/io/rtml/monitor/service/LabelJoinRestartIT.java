package io.rtml.monitor.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.restassured.path.json.JsonPath;
import io.rtml.contracts.event.GroundTruthEvent;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.LocalPlatform;
import io.rtml.devstack.LocalPlatform.Service;
import io.rtml.devstack.SharedInfrastructure;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicWriter;
import io.rtml.monitor.support.Predictions;
import io.rtml.monitor.support.RegistryStub;
import io.rtml.monitor.support.Traffic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged monitor, killed (SIGKILL, as a crash) and started again between a model's predictions and
 * their labels: the labels still join, because the join keeps what it needs in PostgreSQL.
 */
class LabelJoinRestartIT {

    private static final String SUFFIX = "_label_join_it";
    private static RegistryStub registry;
    private static LocalPlatform platform;
    private static KafkaProducer<String, String> producer;
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @BeforeAll
    static void start() throws Exception {
        registry = new RegistryStub();
        String registryUrl = registry.start().get("rtml.monitor.registry-url");
        platform = LocalPlatform.start(List.of(Service.MONITOR), SUFFIX,
                Map.of("RTML_REGISTRY_URL", registryUrl, "RTML_MONITOR_FLUSH_INTERVAL", "1s"));
        producer = TopicWriter.stringProducer(SharedInfrastructure.kafkaBootstrap());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (platform != null) {
            platform.close();
        }
        if (registry != null) {
            registry.stop();
        }
    }

    @Test
    void shouldJoinLabelsThatArriveAfterAMonitorCrashAndRestart() throws Exception {
        String model = "sto-" + UUID.randomUUID().toString().substring(0, 8);
        List<PredictionEvent> sent = Predictions.send(producer, mapper, model, 1, Traffic.rows(70, 100, 0), model);

        // Durable: the join rows are in PostgreSQL, and Kafka's offsets moved past the records only after that.
        awaitCount("select count(*) from label_join_prediction where model = '" + model + "'", 100);
        awaitOffsetsCommitted("rtml.predictions");
        platform.kill(Service.MONITOR);
        platform.restart(Service.MONITOR);

        for (int i = 0; i < 60; i++) {
            PredictionEvent p = sent.get(i);
            String label = i < 40 ? p.output() : p.output() + "-other";
            producer.send(new ProducerRecord<>("rtml.ground-truth", model,
                    mapper.writeValueAsString(new GroundTruthEvent(p.requestId(), model, label, Instant.now()))));
        }
        // A label for a request the monitor never saw waits, counted as unmatched.
        producer.send(new ProducerRecord<>("rtml.ground-truth", model,
                mapper.writeValueAsString(new GroundTruthEvent("never-predicted", model, "w1", Instant.now()))));
        producer.flush();

        JsonPath perf = awaitJson("/api/v1/models/" + model + "/performance?version=1&from="
                + Instant.now().minus(Duration.ofHours(1)), j -> j.getLong("labelled") == 60);
        assertThat(perf.getLong("correct")).isEqualTo(40);
        assertThat(perf.getLong("predictions")).isEqualTo(100);
        assertThat(perf.getFloat("accuracy")).isEqualTo(40 / 60f);
        awaitCount("select count(*) from label_join_prediction where model = '" + model + "'", 40);
        String metrics = given().baseUri(platform.url(Service.MONITOR)).when().get("/q/metrics").then()
                .statusCode(200).extract().asString();
        assertThat(metrics.lines().filter(l -> l.startsWith("rtml_labels_unmatched ")).findFirst())
                .hasValueSatisfying(l -> assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(1));
    }

    private static JsonPath awaitJson(String path, Predicate<JsonPath> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        JsonPath last = null;
        while (Instant.now().isBefore(deadline)) {
            var response = given().baseUri(platform.url(Service.MONITOR)).auth().oauth2(Tokens.of(Roles.ADMIN))
                    .when().get(path);
            if (response.statusCode() == 200) {
                last = response.jsonPath();
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("No matching answer from " + path + "; last: " + (last == null ? null : last.prettify()));
    }

    private static void awaitCount(String sql, long expected) throws Exception {
        var pg = SharedInfrastructure.postgres();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        long count = -1;
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("rtml_monitor" + SUFFIX), pg.user(), pg.password());
                 var s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                count = r.getLong(1);
            } catch (java.sql.SQLException notYet) {
                count = -1;
            }
            if (count == expected) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(sql + " answered " + count + ", not " + expected);
    }

    /**
     * Waits until the monitor's consumer group has committed the end of every partition of {@code topic}
     * that has records, so the restarted monitor does not read them again (it would count them twice).
     */
    private static void awaitOffsetsCommitted(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrap()))) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (Instant.now().isBefore(deadline)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("rtml-monitor")
                        .partitionsToOffsetAndMetadata().get();
                List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                        .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                        .all().get();
                if (partitions.stream().allMatch(p -> ends.get(p).offset() == 0
                        || committed.get(p) != null && committed.get(p).offset() >= ends.get(p).offset())) {
                    return;
                }
                Thread.sleep(500);
            }
            throw new AssertionError("The monitor did not commit its offsets of " + topic + " within 60 s");
        }
    }
}
