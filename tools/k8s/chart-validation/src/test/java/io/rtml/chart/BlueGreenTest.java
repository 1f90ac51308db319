package io.rtml.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.rtml.chart.support.Chart;
import io.rtml.chart.support.Rendered;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BlueGreenTest {

    @Test
    void shouldPointActiveServiceAtBlueByDefault() {
        assertEquals("blue", slotOf(Chart.renderDefaults().get("Service", "rtml-inference", Service.class)));
    }

    @Test
    void shouldPointPreviewServiceAtInactiveSlot() {
        assertEquals("green", slotOf(Chart.renderDefaults().get("Service", "rtml-inference-preview", Service.class)));
        Rendered green = Chart.render("green-active-values.yaml");
        assertEquals("green", slotOf(green.get("Service", "rtml-inference", Service.class)));
        assertEquals("blue", slotOf(green.get("Service", "rtml-inference-preview", Service.class)));
    }

    @Test
    void shouldKeepSlotLabelInEachSlotDeploymentSelectorWhateverSlotIsActive() {
        for (String file : List.of("default-values.yaml", "green-active-values.yaml")) {
            Rendered rendered = Chart.render(file);
            for (String slot : List.of("blue", "green")) {
                Deployment deployment = rendered.get("Deployment", "rtml-inference-" + slot, Deployment.class);
                assertEquals(slot, deployment.getSpec().getSelector().getMatchLabels().get("slot"), file);
            }
        }
    }

    @Test
    void shouldNotChangeSlotDeploymentsWhenOnlyTheActiveSlotSwitches() {
        String values = "inference.slots.green.replicas=2";
        Rendered blue = Chart.renderDefaults(values);
        Rendered green = Chart.renderDefaults(values, "inference.activeSlot=green");
        for (String slot : List.of("blue", "green")) {
            assertEquals(blue.get("Deployment", "rtml-inference-" + slot), green.get("Deployment", "rtml-inference-" + slot),
                    "a switch must only move the Services, not restart Pods");
        }
        assertNotEquals(blue.get("Service", "rtml-inference"), green.get("Service", "rtml-inference"));
    }

    @Test
    void shouldGiveEachSlotItsOwnImageTagReplicasAndPinnedModels() {
        Rendered rendered = Chart.render("green-active-values.yaml");
        Deployment blue = rendered.get("Deployment", "rtml-inference-blue", Deployment.class);
        Deployment green = rendered.get("Deployment", "rtml-inference-green", Deployment.class);
        assertEquals("ghcr.io/rtml/inference-service:1.3.2", container(blue).getImage());
        assertEquals("ghcr.io/rtml/inference-service:1.4.0", container(green).getImage());
        assertEquals("send-time", env(blue).get("RTML_INFERENCE_PINNED_MODELS"));
        assertEquals("send-time,engagement", env(green).get("RTML_INFERENCE_PINNED_MODELS"));
    }

    @Test
    void shouldParkASlotWithZeroReplicasWithoutAutoscalerOrDisruptionBudget() {
        Rendered rendered = Chart.renderDefaults();
        assertEquals(0, rendered.get("Deployment", "rtml-inference-green", Deployment.class).getSpec().getReplicas());
        assertTrue(rendered.find("HorizontalPodAutoscaler", "rtml-inference-green").isEmpty());
        assertTrue(rendered.find("PodDisruptionBudget", "rtml-inference-green").isEmpty());
        assertNull(rendered.get("Deployment", "rtml-inference-blue", Deployment.class).getSpec().getReplicas(),
                "the autoscaler owns the replica count of a running slot");
    }

    @Test
    void shouldRefuseToActivateASlotWithoutReplicas() {
        assertTrue(Chart.renderFailure("default-values.yaml", "inference.activeSlot=green")
                .contains("inference.slots.green.replicas is 0"));
    }

    @Test
    void shouldRenderNoHttpRouteByDefault() {
        assertTrue(Chart.renderDefaults().ofKind("HTTPRoute").isEmpty());
    }

    @Test
    void shouldSplitCanaryWeightBetweenActiveAndPreviewServices() {
        HTTPRoute route = Chart.render("canary-values.yaml").get("HTTPRoute", "rtml-inference", HTTPRoute.class);
        Map<String, Integer> weights = route.getSpec().getRules().get(0).getBackendRefs().stream()
                .collect(Collectors.toMap(HTTPBackendRef::getName, HTTPBackendRef::getWeight));
        assertEquals(Map.of("rtml-inference", 90, "rtml-inference-preview", 10), weights);
        assertTrue(route.getSpec().getRules().get(0).getFilters().isEmpty(), "no mirror unless asked for");
        assertEquals("rtml-gateway", route.getSpec().getParentRefs().get(0).getName());
    }

    @Test
    void shouldMirrorRequestsToPreviewSlotWhenShadowTrafficIsOn() {
        HTTPRouteRule rule = Chart.render("all-optional-values.yaml")
                .get("HTTPRoute", "rtml-inference", HTTPRoute.class).getSpec().getRules().get(0);
        assertEquals("RequestMirror", rule.getFilters().get(0).getType());
        assertEquals("rtml-inference-preview", rule.getFilters().get(0).getRequestMirror().getBackendRef().getName());
        assertEquals(50, rule.getFilters().get(0).getRequestMirror().getPercent());
    }

    @Test
    void shouldRefuseCanaryWithoutRouteOrWithParkedPreviewSlot() {
        assertTrue(Chart.renderFailure("default-values.yaml", "inference.httpRoute.canary.enabled=true")
                .contains("need inference.httpRoute.enabled"));
        assertTrue(Chart.renderFailure("default-values.yaml", "inference.httpRoute.enabled=true",
                "inference.httpRoute.mirror.enabled=true").contains("0 replicas"));
    }

    @Test
    void shouldRunTheHelmTestAgainstTheActiveServiceWithThePinnedModel() {
        Rendered rendered = Chart.render("green-active-values.yaml");
        var pod = rendered.get("Pod", "rtml-test-inference", io.fabric8.kubernetes.api.model.Pod.class);
        assertEquals("test", pod.getMetadata().getAnnotations().get("helm.sh/hook"));
        Map<String, String> env = pod.getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
        assertEquals("http://rtml-inference:8080", env.get("INFERENCE_URL"));
        assertEquals("send-time", env.get("MODEL"), "first pinned model of the active (green) slot");
        String script = String.join(" ", pod.getSpec().getContainers().get(0).getCommand());
        assertTrue(script.contains("/v2/health/ready") && script.contains("/v2/models/$MODEL/infer"), script);
    }

    static String slotOf(Service service) {
        return service.getSpec().getSelector().get("slot");
    }

    static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Map<String, String> env(Deployment deployment) {
        return container(deployment).getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
    }
}
