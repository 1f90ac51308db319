package io.rtml.features.messaging;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.TopicWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static io.rtml.features.rest.Fixtures.newView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_features_test"))
class FeatureUpdateConsumerTest {

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

    static double metric(String line) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(line)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
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

        // The stream and REST write the same stores: history answers point in time for a Kafka row too.
        given().contentType(ContentType.JSON)
                .body("{\"features\": [\"" + view + ":opens_30d\"], \"entityRows\": [{\"entityKey\": \"k1\", \"timestamp\": \"" + t.plusSeconds(1) + "\"}]}")
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
}
