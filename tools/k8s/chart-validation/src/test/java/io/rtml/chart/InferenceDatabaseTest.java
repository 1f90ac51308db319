package io.rtml.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.rtml.chart.support.Chart;
import io.rtml.chart.support.Rendered;
import org.junit.jupiter.api.Test;

/**
 * Inference keeps bulk scoring jobs in PostgreSQL (every slot gets the datasource like the other services),
 * and its consumer groups share topics whose partition count the chart can set (Strimzi KafkaTopics).
 */
class InferenceDatabaseTest {

    @Test
    void shouldRenderTheSharedTopicsWithTheirPartitionCountsOnlyWhenAsked() {
        Rendered rendered = Chart.render("all-optional-values.yaml");
        JsonNode requests = rendered.get("KafkaTopic", "rtml-inference-requests");
        assertEquals("rtml.inference-requests", requests.path("spec").path("topicName").asText());
        assertEquals(24, requests.path("spec").path("partitions").asInt());
        assertEquals(3, requests.path("spec").path("replicas").asInt());
        assertEquals("kafka", requests.path("metadata").path("labels").path("strimzi.io/cluster").asText());
        JsonNode jobs = rendered.get("KafkaTopic", "rtml-scoring-jobs");
        assertEquals("rtml.scoring-jobs", jobs.path("spec").path("topicName").asText());
        assertEquals(12, jobs.path("spec").path("partitions").asInt());
        assertTrue(Chart.renderDefaults().ofKind("KafkaTopic").isEmpty(), "no KafkaTopic unless kafka.topics.strimzi.enabled");
        assertTrue(Chart.renderFailure("default-values.yaml", "kafka.topics.scoringJobsPartitions=0").contains("scoringJobsPartitions"));
    }

    @Test
    void shouldGiveEveryInferenceSlotItsDatabaseAndCredentials() {
        Rendered rendered = Chart.render("all-optional-values.yaml");
        JsonNode inference = rendered.get("ConfigMap", "rtml-inference").path("data");
        assertEquals("jdbc:postgresql://pg.db.svc:5432/rtml_inference?sslmode=require",
                inference.path("QUARKUS_DATASOURCE_JDBC_URL").asText());
        for (String slot : new String[]{"blue", "green"}) {
            Deployment deployment = rendered.get("Deployment", "rtml-inference-" + slot, Deployment.class);
            assertEquals("rtml-db", SecurityAndNetworkTest.env(deployment, "QUARKUS_DATASOURCE_PASSWORD")
                    .getValueFrom().getSecretKeyRef().getName(), slot);
            assertFalse(SecurityAndNetworkTest.env(deployment, "RTML_INFERENCE_PINNED_MODELS") == null, slot);
        }
    }

    @Test
    void shouldLetInferenceReachPostgresqlThroughItsNetworkPolicy() {
        NetworkPolicy policy = Chart.render("all-optional-values.yaml")
                .get("NetworkPolicy", "rtml-inference", NetworkPolicy.class);
        assertTrue(policy.getSpec().getEgress().stream()
                .anyMatch(e -> e.getPorts().get(0).getPort().getIntVal() == 5432), "inference reaches PostgreSQL");
    }

    @Test
    void shouldRollInferencePodsWhenTheDatabaseCredentialsChange() {
        Rendered before = Chart.renderDefaults();
        Rendered after = Chart.renderDefaults("postgresql.auth.password=changed");
        String name = "rtml-inference-blue";
        assertFalse(before.get("Deployment", name).path("spec").path("template").path("metadata").path("annotations")
                .path("checksum/secret").asText().equals(after.get("Deployment", name).path("spec").path("template")
                        .path("metadata").path("annotations").path("checksum/secret").asText()));
    }
}
