package io.rtml.chart;

import static io.rtml.chart.support.Chart.CI_VALUES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.rtml.chart.support.Chart;
import io.rtml.chart.support.Rendered;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AutoscalingTest {

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldScaleEachDeploymentByAtMostOneAutoscalerThatExists(String valuesFile) {
        Rendered rendered = Chart.render(valuesFile);
        Set<String> deployments = new HashSet<>();
        rendered.ofKind("Deployment").forEach(d -> deployments.add(d.path("metadata").path("name").asText()));
        Set<String> scaled = new HashSet<>();
        for (String kind : List.of("HorizontalPodAutoscaler", "ScaledObject")) {
            for (JsonNode scaler : rendered.ofKind(kind)) {
                String target = scaler.path("spec").path("scaleTargetRef").path("name").asText();
                assertTrue(deployments.contains(target), Rendered.describe(scaler) + " targets missing " + target);
                assertTrue(scaled.add(target), target + " is scaled twice");
            }
        }
        for (Deployment deployment : rendered.ofKind("Deployment", Deployment.class)) {
            boolean hasScaler = scaled.contains(deployment.getMetadata().getName());
            assertEquals(hasScaler, deployment.getSpec().getReplicas() == null,
                    deployment.getMetadata().getName() + ": replicas are set exactly when no autoscaler owns them");
        }
    }

    @Test
    void shouldRefuseHpaAndKedaOnTheSameDeployment() {
        for (String component : List.of("inference", "monitor")) {
            String output = Chart.renderFailure("default-values.yaml",
                    component + ".autoscaling.enabled=true", component + ".keda.enabled=true");
            assertTrue(output.contains("never both"), output);
        }
    }

    @Test
    void shouldBoundEveryHpaWithTheConfiguredReplicaRangeAndScaleDownStabilisation() {
        Rendered rendered = Chart.renderDefaults("registry.autoscaling.minReplicas=3", "registry.autoscaling.maxReplicas=7");
        HorizontalPodAutoscaler registry = rendered.get("HorizontalPodAutoscaler", "rtml-registry", HorizontalPodAutoscaler.class);
        assertEquals(3, registry.getSpec().getMinReplicas());
        assertEquals(7, registry.getSpec().getMaxReplicas());
        assertEquals(300, registry.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds());
        for (HorizontalPodAutoscaler hpa : rendered.ofKind("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class)) {
            assertTrue(hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas(), hpa.getMetadata().getName());
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        }
    }

    @Test
    void shouldRefuseMinReplicasBelowOne() {
        assertTrue(Chart.renderFailure("default-values.yaml", "registry.autoscaling.minReplicas=0").contains("minimum"));
    }

    @Test
    void shouldScaleOnCpuByDefaultAndAddExtraMetricsFromValues() {
        Rendered rendered = Chart.render("all-optional-values.yaml");
        List<MetricSpec> metrics = rendered.get("HorizontalPodAutoscaler", "rtml-registry", HorizontalPodAutoscaler.class)
                .getSpec().getMetrics();
        assertEquals(List.of("cpu", "memory"), metrics.stream().map(m -> m.getResource().getName()).toList());
        assertEquals(70, metrics.get(0).getResource().getTarget().getAverageUtilization());
    }

    @Test
    void shouldScaleInferenceOnInFlightRequestsThroughPodsMetric() {
        List<MetricSpec> metrics = Chart.render("gpu-values.yaml")
                .get("HorizontalPodAutoscaler", "rtml-inference-blue", HorizontalPodAutoscaler.class).getSpec().getMetrics();
        MetricSpec inFlight = metrics.stream().filter(m -> "Pods".equals(m.getType())).findFirst().orElseThrow();
        assertEquals("rtml_inference_in_flight", inFlight.getPods().getMetric().getName());
        assertEquals("AverageValue", inFlight.getPods().getTarget().getType());
    }

    @Test
    void shouldScaleInferenceSlotsWithKedaOnInFlightRequestsInsteadOfHpa() {
        Rendered rendered = Chart.render("all-optional-values.yaml");
        assertTrue(rendered.find("HorizontalPodAutoscaler", "rtml-inference-blue").isEmpty());
        for (String slot : List.of("blue", "green")) {
            JsonNode scaledObject = rendered.get("ScaledObject", "rtml-inference-" + slot);
            JsonNode trigger = scaledObject.path("spec").path("triggers").get(0);
            assertEquals("prometheus", trigger.path("type").asText());
            assertTrue(trigger.path("metadata").path("query").asText().contains("rtml_inference_in_flight"));
            assertTrue(trigger.path("metadata").path("query").asText().contains("rtml-inference-" + slot));
            assertNull(rendered.get("Deployment", "rtml-inference-" + slot, Deployment.class).getSpec().getReplicas());
        }
    }

    @Test
    void shouldScaleMonitorOnKafkaConsumerLagWithKeda() {
        JsonNode spec = Chart.render("all-optional-values.yaml").get("ScaledObject", "rtml-monitor").path("spec");
        JsonNode trigger = spec.path("triggers").get(0);
        assertEquals("kafka", trigger.path("type").asText());
        assertEquals("rtml.predictions", trigger.path("metadata").path("topic").asText());
        assertEquals("rtml-monitor", trigger.path("metadata").path("consumerGroup").asText());
        assertEquals("rtml-kafka-trigger-auth", trigger.path("authenticationRef").path("name").asText());
        assertEquals(3, spec.path("maxReplicaCount").asInt());
    }
}
