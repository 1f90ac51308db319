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

/** Inference keeps bulk scoring jobs in PostgreSQL: every slot gets the datasource like the other services. */
class InferenceDatabaseTest {

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
