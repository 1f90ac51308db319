package io.rtml.chart;

import static io.rtml.chart.support.Chart.CI_VALUES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.rtml.chart.support.Chart;
import io.rtml.chart.support.Rendered;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every service checks bearer JWTs from one issuer and sends a rotated service token to the others: the chart
 * passes the issuer, its keys and the audience, mounts the token Secret, and refuses to render without them.
 */
class AuthenticationTest {

    static final String TOKEN_DIR = "/var/run/secrets/rtml/service-token";

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldGiveEveryServiceContainerTheIssuerKeysAudienceAndTokenFileFromValues(String valuesFile) throws IOException {
        JsonNode auth = new ObjectMapper(new YAMLFactory()).readTree(Chart.DIR.resolve("ci").resolve(valuesFile).toFile()).path("auth");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("RTML_AUTH_ISSUER", auth.path("issuer").asText());
        expected.put("RTML_AUTH_JWKS_URL", auth.path("jwksUrl").asText());
        expected.put("RTML_AUTH_AUDIENCE", auth.path("audience").asText("rtml"));
        expected.put("RTML_AUTH_SERVICE_TOKEN_FILE", TOKEN_DIR + "/" + auth.path("serviceToken").path("key").asText("token"));
        List<Deployment> deployments = Chart.render(valuesFile).ofKind("Deployment", Deployment.class);
        assertFalse(deployments.isEmpty());
        for (Deployment deployment : deployments) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String where = deployment.getMetadata().getName() + "/" + container.getName();
                expected.forEach((name, value) -> {
                    List<EnvVar> vars = container.getEnv().stream().filter(e -> name.equals(e.getName())).toList();
                    assertEquals(1, vars.size(), where + " sets " + name + " once");
                    assertEquals(value, vars.get(0).getValue(), where + " " + name);
                });
            }
        }
    }

    @Test
    void shouldDefaultTheAudienceToRtml() {
        EnvVar audience = SecurityAndNetworkTest.env(Chart.renderDefaults().get("Deployment", "rtml-monitor", Deployment.class),
                "RTML_AUTH_AUDIENCE");
        assertEquals("rtml", audience.getValue());
    }

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldMountTheServiceTokenSecretReadOnlyAsADirectorySoRotationNeedsNoRestart(String valuesFile) {
        for (Deployment deployment : Chart.render(valuesFile).ofKind("Deployment", Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String name = deployment.getMetadata().getName();
            Volume volume = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " mounts no Secret"));
            assertEquals("rtml-service-token", volume.getSecret().getSecretName(), name);
            Container container = pod.getContainers().get(0);
            String file = SecurityAndNetworkTest.env(deployment, "RTML_AUTH_SERVICE_TOKEN_FILE").getValue();
            String key = file.substring(file.lastIndexOf('/') + 1);
            assertEquals(key, volume.getSecret().getItems().get(0).getKey(), name);
            assertEquals(key, volume.getSecret().getItems().get(0).getPath(), name);
            VolumeMount mount = container.getVolumeMounts().stream().filter(m -> volume.getName().equals(m.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " does not mount " + volume.getName()));
            assertEquals(Boolean.TRUE, mount.getReadOnly(), name + " mounts the service token read-only");
            assertEquals(TOKEN_DIR, mount.getMountPath(), name);
            assertEquals(TOKEN_DIR + "/" + key, file, name);
            assertNull(mount.getSubPath(), name + ": a subPath mount never sees a rotated token");
        }
    }

    @Test
    void shouldMountTheTokenUnderTheKeyGiven() {
        Deployment registry = Chart.render("all-optional-values.yaml").get("Deployment", "rtml-registry", Deployment.class);
        assertEquals(TOKEN_DIR + "/access-token", SecurityAndNetworkTest.env(registry, "RTML_AUTH_SERVICE_TOKEN_FILE").getValue());
        assertEquals("access-token", registry.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null).findFirst().orElseThrow().getSecret().getItems().get(0).getKey());
    }

    @Test
    void shouldSendABearerTokenFromTheHelmTestWithoutPuttingItOnACommandLine() {
        Pod byDefault = Chart.renderDefaults().get("Pod", "rtml-test-inference", Pod.class);
        assertEquals("rtml-service-token", tokenVolume(byDefault).getSecretName(), "the service token by default");
        Container test = byDefault.getSpec().getContainers().get(0);
        assertEquals(TOKEN_DIR + "/token", test.getEnv().stream().filter(e -> "TOKEN_FILE".equals(e.getName())).findFirst()
                .orElseThrow().getValue());
        assertTrue(test.getVolumeMounts().stream().anyMatch(m -> TOKEN_DIR.equals(m.getMountPath()) && Boolean.TRUE.equals(m.getReadOnly())));
        String script = String.join(" ", test.getCommand());
        assertEquals(2, script.split("-H @/tmp/auth-header", -1).length - 1, "health and infer calls carry the token: " + script);
        assertFalse(script.contains("Bearer $("), "the token is read into a header file, never into curl's arguments: " + script);

        Pod ownToken = Chart.renderDefaults("tests.token.existingSecret=rtml-test-token", "tests.token.key=jwt")
                .get("Pod", "rtml-test-inference", Pod.class);
        assertEquals("rtml-test-token", tokenVolume(ownToken).getSecretName());
        assertEquals("jwt", tokenVolume(ownToken).getItems().get(0).getKey());
    }

    @Test
    void shouldRefuseToRenderWithoutTheTokenIssuer() {
        String output = Chart.renderFailure("default-values.yaml", "auth.issuer=");
        assertTrue(output.contains("auth.issuer is empty: set the token issuer the services accept"), output);
        assertFalse(output.contains("auth.jwksUrl is empty"), output);
    }

    @Test
    void shouldRefuseToRenderWithoutTheJwksUrl() {
        String output = Chart.renderFailure("default-values.yaml", "auth.jwksUrl=");
        assertTrue(output.contains("auth.jwksUrl is empty: set the URL of the issuer's public keys"), output);
        assertFalse(output.contains("auth.issuer is empty"), output);
    }

    @Test
    void shouldRefuseToRenderWithoutTheServiceTokenSecret() {
        String output = Chart.renderFailure("default-values.yaml", "auth.serviceToken.existingSecret=");
        assertTrue(output.contains("auth.serviceToken.existingSecret is empty: create a Secret holding the bearer token"), output);
        assertTrue(output.contains("the chart never renders a service token"), output);
    }

    @Test
    void shouldNameEveryMissingAuthenticationValueInOneMessage() {
        String output = Chart.renderFailure("default-values.yaml", "auth.issuer=", "auth.jwksUrl=", "auth.serviceToken.existingSecret=");
        for (String value : List.of("auth.issuer", "auth.jwksUrl", "auth.serviceToken.existingSecret")) {
            assertTrue(output.contains(value + " is empty"), output);
        }
        assertTrue(output.contains("docs/operations.md, section Authentication"), output);
    }

    @Test
    void shouldRejectAnIssuerOrJwksUrlThatIsNotAnHttpUrl() {
        assertTrue(Chart.renderFailure("default-values.yaml", "auth.issuer=kc.example.com/realms/rtml").contains("/auth/issuer"));
        assertTrue(Chart.renderFailure("default-values.yaml", "auth.jwksUrl=https://kc example/certs").contains("/auth/jwksUrl"));
    }

    @Test
    void shouldRejectConfigOrExtraEnvThatWouldShadowTheAuthenticationSettings() {
        assertTrue(Chart.renderFailure("default-values.yaml", "inference.extraEnv[0].name=RTML_AUTH_ISSUER",
                "inference.extraEnv[0].value=https://other").contains("/inference/extraEnv/0/name"));
        assertTrue(Chart.renderFailure("default-values.yaml", "registry.config.RTML_AUTH_AUDIENCE=other")
                .contains("RTML_AUTH_AUDIENCE"));
    }

    @Test
    void shouldNeverRenderTheServiceTokenSecretItself() {
        Rendered rendered = Chart.renderDefaults();
        assertTrue(rendered.ofKind("Secret").stream()
                .noneMatch(s -> s.path("metadata").path("name").asText().contains("service-token")), "the chart renders no token Secret");
    }

    static SecretVolumeSource tokenVolume(Pod pod) {
        return pod.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null).findFirst()
                .orElseThrow(() -> new AssertionError("the helm test Pod mounts no token")).getSecret();
    }
}
