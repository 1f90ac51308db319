package io.rtml.chart;

import static io.rtml.chart.support.Chart.CI_VALUES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.rtml.chart.support.Chart;
import io.rtml.chart.support.Rendered;
import io.rtml.chart.support.StrictValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants every values file under ci/ must keep. */
class RenderedObjectsTest {

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldValidateEveryRenderedObjectStrictlyAgainstKubernetesTypes(String valuesFile) {
        Rendered rendered = Chart.render(valuesFile);
        List<String> problems = rendered.objects().stream().flatMap(o -> StrictValidator.problems(o).stream()).toList();
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertFalse(rendered.objects().isEmpty());
    }

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldGiveEveryObjectAUniqueNameAndTheReleaseLabels(String valuesFile) {
        Set<String> seen = new HashSet<>();
        for (JsonNode object : Chart.render(valuesFile).objects()) {
            assertTrue(seen.add(Rendered.describe(object)), "rendered twice: " + Rendered.describe(object));
            JsonNode labels = object.path("metadata").path("labels");
            assertEquals(Chart.RELEASE, labels.path("app.kubernetes.io/instance").asText(), Rendered.describe(object));
            assertFalse(labels.path("app.kubernetes.io/component").asText().isEmpty(), Rendered.describe(object));
            assertEquals(Chart.NAMESPACE, object.path("metadata").path("namespace").asText(), Rendered.describe(object));
        }
    }

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldSelectOwnPodTemplateLabelsInEveryDeploymentSelector(String valuesFile) {
        for (Deployment deployment : Chart.render(valuesFile).ofKind("Deployment", Deployment.class)) {
            Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), deployment.getMetadata().getName());
        }
    }

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldPointEveryServiceAtExactlyOneDeployment(String valuesFile) {
        Rendered rendered = Chart.render(valuesFile);
        List<Deployment> deployments = rendered.ofKind("Deployment", Deployment.class);
        for (Service service : rendered.ofKind("Service", Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<String> matching = deployments.stream()
                    .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .map(d -> d.getMetadata().getName()).toList();
            assertEquals(1, matching.size(), service.getMetadata().getName() + " selects " + matching);
            assertEquals(8080, service.getSpec().getPorts().get(0).getPort());
        }
    }

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldReferenceOnlyRenderedConfigMapsAndDeclaredSecrets(String valuesFile) {
        Rendered rendered = Chart.render(valuesFile);
        Set<String> allowedSecrets = new HashSet<>(List.of("rtml-db", "rtml-kafka-user", "rtml-service-token"));
        rendered.ofKind("Secret").forEach(s -> allowedSecrets.add(s.path("metadata").path("name").asText()));
        for (PodSpec pod : podSpecs(rendered)) {
            pod.getVolumes().stream().filter(v -> v.getSecret() != null)
                    .forEach(v -> assertTrue(allowedSecrets.contains(v.getSecret().getSecretName()), v.toString()));
        }
        for (Deployment deployment : rendered.ofKind("Deployment", Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            container.getEnvFrom().forEach(from -> assertTrue(
                    rendered.find("ConfigMap", from.getConfigMapRef().getName()).isPresent(), from.toString()));
            for (EnvVar env : container.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    assertTrue(allowedSecrets.contains(env.getValueFrom().getSecretKeyRef().getName()), env.toString());
                }
            }
        }
    }

    /** The restricted Pod Security Standard and /tmp are checked in PodSecurityTest. */
    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldGiveEveryContainerResourceRequestsAndNoPodAServiceAccountToken(String valuesFile) {
        for (PodSpec pod : podSpecs(Chart.render(valuesFile))) {
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
            for (Container container : pod.getContainers()) {
                assertNotNull(container.getResources().getRequests(), container.getName());
            }
        }
    }

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldNotMountServiceAccountTokens(String valuesFile) {
        for (JsonNode account : Chart.render(valuesFile).ofKind("ServiceAccount")) {
            assertFalse(account.path("automountServiceAccountToken").asBoolean(true), Rendered.describe(account));
        }
    }

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldProbeQuarkusHealthEndpoints(String valuesFile) {
        for (Deployment deployment : Chart.render(valuesFile).ofKind("Deployment", Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("/q/health/started", path(container.getStartupProbe()));
            assertEquals("/q/health/ready", path(container.getReadinessProbe()));
            assertEquals("/q/health/live", path(container.getLivenessProbe()));
            assertEquals(8080, container.getPorts().get(0).getContainerPort());
        }
    }

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldFinishQuarkusShutdownWithinTheGracePeriod(String valuesFile) {
        Rendered rendered = Chart.render(valuesFile);
        for (Deployment deployment : rendered.ofKind("Deployment", Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            String configMap = container.getEnvFrom().get(0).getConfigMapRef().getName();
            String timeout = rendered.get("ConfigMap", configMap).path("data").path("QUARKUS_SHUTDOWN_TIMEOUT").asText();
            long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
            long shutdown = Duration.parse("PT" + timeout.toUpperCase()).toSeconds();
            assertTrue(preStop + shutdown < pod.getTerminationGracePeriodSeconds(),
                    deployment.getMetadata().getName() + ": preStop " + preStop + "s + shutdown " + shutdown
                            + "s must end before the grace period " + pod.getTerminationGracePeriodSeconds() + "s");
        }
    }

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldCarryTheConfigChecksumOnEveryPodTemplate(String valuesFile) {
        for (Deployment deployment : Chart.render(valuesFile).ofKind("Deployment", Deployment.class)) {
            String checksum = deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
            assertNotNull(checksum, deployment.getMetadata().getName());
            assertTrue(checksum.matches("[0-9a-f]{64}"), checksum);
        }
    }

    static String path(Probe probe) {
        assertNotNull(probe);
        assertEquals("http", probe.getHttpGet().getPort().getStrVal());
        return probe.getHttpGet().getPath();
    }

    static List<PodSpec> podSpecs(Rendered rendered) {
        List<PodSpec> specs = new ArrayList<>();
        rendered.ofKind("Deployment", Deployment.class).forEach(d -> specs.add(d.getSpec().getTemplate().getSpec()));
        rendered.ofKind("Pod", io.fabric8.kubernetes.api.model.Pod.class).forEach(p -> specs.add(p.getSpec()));
        return specs;
    }
}
