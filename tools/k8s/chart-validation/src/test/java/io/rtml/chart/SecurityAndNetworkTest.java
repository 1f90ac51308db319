package io.rtml.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.rtml.chart.support.Chart;
import io.rtml.chart.support.Rendered;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SecurityAndNetworkTest {

    @Test
    void shouldRenderNoPasswordAndNoSecretWhenAnExistingSecretIsUsed() {
        Rendered rendered = Chart.render("green-active-values.yaml");
        assertTrue(rendered.ofKind("Secret").isEmpty());
        EnvVar password = env(rendered.get("Deployment", "rtml-registry", Deployment.class), "QUARKUS_DATASOURCE_PASSWORD");
        assertEquals("rtml-db", password.getValueFrom().getSecretKeyRef().getName());
        EnvVar kafka = env(rendered.get("Deployment", "rtml-inference-green", Deployment.class), "KAFKA_SASL_PASSWORD");
        assertEquals("rtml-kafka-user", kafka.getValueFrom().getSecretKeyRef().getName());
    }

    @Test
    void shouldRefuseToRenderWithNeitherAnExistingSecretNorAPassword() {
        String output = Chart.renderFailure("default-values.yaml", "postgresql.auth.password=");
        assertTrue(output.contains("set existingSecret"), output);
        assertTrue(output.contains("never renders a Secret with an empty password"), output);
    }

    @Test
    void shouldWriteAGivenPasswordIntoTheSecretAndNowhereElse() {
        Rendered rendered = Chart.renderDefaults();
        JsonNode secret = rendered.get("Secret", "rtml-postgresql");
        assertEquals("ci-only-password", secret.path("stringData").path("password").asText());
        for (JsonNode object : rendered.objects()) {
            if (object != secret) {
                assertFalse(object.toString().contains("ci-only-password"), Rendered.describe(object));
            }
        }
    }

    @Test
    void shouldRollRegistryPodsWhenItsConfigOrCredentialsChangeButNotOtherServices() {
        Rendered before = Chart.renderDefaults();
        Rendered config = Chart.renderDefaults("registry.config.QUARKUS_LOG_LEVEL=DEBUG");
        Rendered password = Chart.renderDefaults("postgresql.auth.password=changed");
        assertFalse(checksum(before, "rtml-registry", "config").equals(checksum(config, "rtml-registry", "config")));
        assertEquals(checksum(before, "rtml-monitor", "config"), checksum(config, "rtml-monitor", "config"));
        assertFalse(checksum(before, "rtml-registry", "secret").equals(checksum(password, "rtml-registry", "secret")));
    }

    @Test
    void shouldPassDatabaseAndServiceUrlsAsQuarkusEnvironment() {
        Rendered rendered = Chart.render("all-optional-values.yaml");
        JsonNode registry = rendered.get("ConfigMap", "rtml-registry").path("data");
        assertEquals("postgresql://pg.db.svc:5432/rtml_registry?sslmode=require", registry.path("QUARKUS_DATASOURCE_REACTIVE_URL").asText());
        assertEquals("jdbc:postgresql://pg.db.svc:5432/rtml_registry?sslmode=require", registry.path("QUARKUS_DATASOURCE_JDBC_URL").asText());
        assertEquals("kafka-kafka-bootstrap.kafka.svc:9093", registry.path("KAFKA_BOOTSTRAP_SERVERS").asText());
        JsonNode inference = rendered.get("ConfigMap", "rtml-inference").path("data");
        assertEquals("http://rtml-feature-store:8080", registry.path("RTML_FEATURE_STORE_URL").asText());
        assertEquals("http://rtml-registry:8080", inference.path("RTML_REGISTRY_URL").asText());
        assertEquals("http://rtml-feature-store:8080", inference.path("RTML_FEATURE_STORE_URL").asText());
        assertEquals("45s", inference.path("QUARKUS_SHUTDOWN_TIMEOUT").asText());
        assertEquals("http://rtml-registry:8080", rendered.get("ConfigMap", "rtml-monitor").path("data").path("RTML_REGISTRY_URL").asText());
    }

    @Test
    void shouldRejectValuesTheSchemaDoesNotKnow() {
        assertTrue(Chart.renderFailure("default-values.yaml", "inference.gpu.enable=true").contains("additional properties"));
        assertTrue(Chart.renderFailure("default-values.yaml", "inference.activeSlot=purple").contains("blue"));
    }

    @Test
    void shouldAllowOnlyTheDesignedFlowsBetweenServices() {
        Rendered rendered = Chart.render("all-optional-values.yaml");
        assertEquals(Set.of("inference", "monitor"), callers(rendered, "registry"));
        assertEquals(Set.of("inference", "registry"), callers(rendered, "feature-store"));
        assertEquals(Set.of("test", "registry"), callers(rendered, "inference"));
        assertEquals(Set.of(), callers(rendered, "monitor"));
        assertEquals(Set.of("registry", "feature-store"), callees(rendered, "inference"));
        assertEquals(Set.of("registry"), callees(rendered, "monitor"));
        assertEquals(Set.of("feature-store", "inference"), callees(rendered, "registry"));
        NetworkPolicy registry = rendered.get("NetworkPolicy", "rtml-registry", NetworkPolicy.class);
        assertTrue(registry.getSpec().getEgress().stream().anyMatch(e -> e.getPorts().get(0).getPort().getIntVal() == 5432
                && "10.20.0.0/16".equals(e.getTo().get(0).getIpBlock().getCidr())), "registry reaches PostgreSQL");
        NetworkPolicy monitor = rendered.get("NetworkPolicy", "rtml-monitor", NetworkPolicy.class);
        assertTrue(monitor.getSpec().getEgress().stream().noneMatch(e -> e.getPorts().get(0).getPort().getIntVal() == 5432),
                "the monitor has no database");
    }

    @Test
    void shouldLetEveryServiceFetchTheIssuerKeysFromTheIdentityProvider() {
        Rendered narrowed = Chart.render("all-optional-values.yaml");
        Rendered open = Chart.renderDefaults("networkPolicy.enabled=true");
        for (String component : List.of("registry", "feature-store", "inference", "monitor")) {
            NetworkPolicy policy = narrowed.get("NetworkPolicy", "rtml-" + component, NetworkPolicy.class);
            assertTrue(policy.getSpec().getEgress().stream().anyMatch(e -> e.getPorts().get(0).getPort().getIntVal() == 8443
                    && "keycloak".equals(e.getTo().get(0).getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))),
                    component + " reaches the identity provider's namespace on idpPorts");
            NetworkPolicy defaults = open.get("NetworkPolicy", "rtml-" + component, NetworkPolicy.class);
            assertTrue(defaults.getSpec().getEgress().stream().anyMatch(e -> e.getPorts().get(0).getPort().getIntVal() == 443
                    && e.getTo().isEmpty()), component + " reaches HTTPS anywhere when idpPeers is empty");
        }
    }

    @Test
    void shouldExposeTheGrpcPortOnInferenceOnly() {
        Rendered rendered = Chart.render("all-optional-values.yaml", "inference.grpc.port=9500");
        assertEquals("9500", rendered.get("ConfigMap", "rtml-inference").path("data").path("QUARKUS_GRPC_SERVER_PORT").asText());
        for (Deployment deployment : rendered.ofKind("Deployment", Deployment.class)) {
            boolean inference = "inference".equals(deployment.getMetadata().getLabels().get("app.kubernetes.io/component"));
            List<ContainerPort> ports = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts();
            assertEquals(inference, ports.stream().anyMatch(p -> "grpc".equals(p.getName()) && p.getContainerPort() == 9500),
                    deployment.getMetadata().getName() + " grpc container port");
        }
        for (String name : List.of("rtml-inference", "rtml-inference-preview")) {
            ServicePort grpc = rendered.get("Service", name, Service.class).getSpec().getPorts().stream()
                    .filter(p -> "grpc".equals(p.getName())).findFirst().orElseThrow(() -> new AssertionError(name));
            assertEquals(9500, grpc.getPort());
            assertEquals("grpc", grpc.getTargetPort().getStrVal());
        }
        assertTrue(rendered.get("Service", "rtml-registry", Service.class).getSpec().getPorts().stream()
                .noneMatch(p -> "grpc".equals(p.getName())));
        NetworkPolicy inference = rendered.get("NetworkPolicy", "rtml-inference", NetworkPolicy.class);
        assertTrue(inference.getSpec().getIngress().get(0).getPorts().stream()
                .anyMatch(p -> "grpc".equals(p.getPort().getStrVal())), "clients may call gRPC");
        NetworkPolicy registry = rendered.get("NetworkPolicy", "rtml-registry", NetworkPolicy.class);
        assertTrue(registry.getSpec().getIngress().stream().flatMap(r -> r.getPorts().stream())
                .noneMatch(p -> "grpc".equals(p.getPort().getStrVal())), "only inference serves gRPC");
    }

    @Test
    void shouldNeverOpenIngressToEverySourceWhenNoClientsAreAllowed() {
        Rendered rendered = Chart.renderDefaults("networkPolicy.enabled=true", "--set-json=networkPolicy.clients=[]",
                "--set-json=networkPolicy.metricsScrapers=[]");
        for (NetworkPolicy policy : rendered.ofKind("NetworkPolicy", NetworkPolicy.class)) {
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                assertFalse(rule.getFrom().isEmpty(), policy.getMetadata().getName() + " has an ingress rule open to all");
            }
            assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
        }
        assertTrue(rendered.get("NetworkPolicy", "rtml-monitor", NetworkPolicy.class).getSpec().getIngress().isEmpty());
    }

    static Set<String> callers(Rendered rendered, String component) {
        Set<String> callers = new TreeSet<>();
        for (NetworkPolicyIngressRule rule : rendered.get("NetworkPolicy", "rtml-" + component, NetworkPolicy.class).getSpec().getIngress()) {
            rule.getFrom().stream().filter(p -> p.getPodSelector() != null && p.getNamespaceSelector() == null)
                    .forEach(p -> callers.add(p.getPodSelector().getMatchLabels().get("app.kubernetes.io/component")));
        }
        return callers;
    }

    static Set<String> callees(Rendered rendered, String component) {
        Set<String> callees = new TreeSet<>();
        for (NetworkPolicyEgressRule rule : rendered.get("NetworkPolicy", "rtml-" + component, NetworkPolicy.class).getSpec().getEgress()) {
            rule.getTo().stream().filter(p -> p.getPodSelector() != null && p.getNamespaceSelector() == null)
                    .forEach(p -> callees.add(p.getPodSelector().getMatchLabels().get("app.kubernetes.io/component")));
        }
        return callees;
    }

    static String checksum(Rendered rendered, String deployment, String what) {
        return rendered.get("Deployment", deployment, Deployment.class).getSpec().getTemplate().getMetadata()
                .getAnnotations().get("checksum/" + what);
    }

    static EnvVar env(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> name.equals(e.getName())).findFirst().orElseThrow(() -> new AssertionError(name));
    }
}
