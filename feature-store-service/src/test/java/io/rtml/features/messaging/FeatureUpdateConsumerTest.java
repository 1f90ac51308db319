package io.rtml.features.messaging;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static io.rtml.features.rest.Fixtures.metric;
import static io.rtml.features.rest.Fixtures.newView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_features_test"))
class FeatureUpdateConsumerTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    static KafkaProducer<String, String> producer() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        return TopicWriter.stringProducer(bootstrap);
    }

    static String onlineValue(String view, String feature, String key) {
        Object value = given().contentType(ContentType.JSON)
                .body("{\"features\": [\"" + view + ":" + feature + "\"], \"entityKeys\": [\"" + key + "\"]}")
                .when().post("/api/v1/online-features")
                .then().statusCode(200)
                .extract().path("results[0].features.'" + view + ":" + feature + "'.value");
        return value == null ? null : value.toString();
    }

    static void awaitValue(String view, String feature, String key, String expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!expected.equals(onlineValue(view, feature, key))) {
            assertThat(Instant.now()).as("%s:%s of %s never became %s", view, feature, key, expected).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void shouldIngestFeatureUpdatesFromKafkaAndSkipBadMessagesWithoutBlockingThePartition() throws Exception {
        String view = newView(null);
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        double rejectedBefore = metric("rtml_feature_updates_rejected_total");
        try (KafkaProducer<String, String> producer = producer()) {
            // Same key, so all land on one partition: the good message after the bad ones must still arrive.
            producer.send(new ProducerRecord<>("rtml.feature-updates", "k1", "{not json")).get();
            producer.send(new ProducerRecord<>("rtml.feature-updates", "k1",
                    "{\"featureView\": \"" + view + "\", \"entityKey\": \"k1\", \"values\": {\"opens_30d\": \"many\"}, \"eventTime\": \"" + t + "\"}")).get();
            producer.send(new ProducerRecord<>("rtml.feature-updates", "k1",
                    "{\"featureView\": \"no_such_view\", \"entityKey\": \"k1\", \"values\": {\"x\": 1}, \"eventTime\": \"" + t + "\"}")).get();
            producer.send(new ProducerRecord<>("rtml.feature-updates", "k1",
                    "{\"featureView\": \"" + view + "\", \"entityKey\": \"k1\", \"values\": {\"opens_30d\": 42, \"device\": \"mobile\"}, \"eventTime\": \"" + t + "\"}")).get();
        }
        awaitValue(view, "opens_30d", "k1", "42");
        assertThat(onlineValue(view, "device", "k1")).isEqualTo("mobile");
        assertThat(metric("rtml_feature_updates_rejected_total") - rejectedBefore).isEqualTo(3.0);
        assertThat(metric("rtml_feature_rows_ingested_total{feature_view=\"" + view + "\",source=\"kafka\"")).isEqualTo(1.0);

        // The stream and REST write the same stores: history answers point in time for a Kafka row too
        // (asked as of now, when the row has been both true and ingested).
        given().contentType(ContentType.JSON)
                .body("{\"features\": [\"" + view + ":opens_30d\"], \"entityRows\": [{\"entityKey\": \"k1\", \"timestamp\": \"" + Instant.now() + "\"}]}")
                .when().post("/api/v1/historical-features")
                .then().statusCode(200).body("results[0].features.'" + view + ":opens_30d'.value", equalTo(42));
    }

    @Test
    void shouldTakeTheEntityKeyFromTheRecordKeyWhenTheEventLeavesItOut() throws Exception {
        String view = newView(null);
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("rtml.feature-updates", "k2",
                    "{\"featureView\": \"" + view + "\", \"values\": {\"is_vip\": true}, \"eventTime\": \"" + Instant.now() + "\"}")).get();
        }
        awaitValue(view, "is_vip", "k2", "true");
    }

    @Test
    void shouldCountAndSkipAFarFutureEventAndStoreTheLaterRealWrite() throws Exception {
        String view = newView(null);
        double futureBefore = metric("rtml_feature_updates_rejected_total{reason=\"future_event_time\"");
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("rtml.feature-updates", "k3",
                    "{\"featureView\": \"" + view + "\", \"entityKey\": \"k3\", \"values\": {\"opens_30d\": 99}, \"eventTime\": \"2036-01-01T00:00:00Z\"}")).get();
            producer.send(new ProducerRecord<>("rtml.feature-updates", "k3",
                    "{\"featureView\": \"" + view + "\", \"entityKey\": \"k3\", \"values\": {\"opens_30d\": 7}, \"eventTime\": \"" + Instant.now() + "\"}")).get();
        }
        awaitValue(view, "opens_30d", "k3", "7");
        assertThat(metric("rtml_feature_updates_rejected_total{reason=\"future_event_time\"") - futureBefore).isEqualTo(1.0);
    }
}
