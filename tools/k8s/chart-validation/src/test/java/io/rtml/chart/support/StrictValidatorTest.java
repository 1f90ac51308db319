package io.rtml.chart.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictValidatorTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonNode yaml(String text) throws Exception {
        return YAML.readTree(text);
    }

    @Test
    void shouldAcceptAValidDeployment() throws Exception {
        assertEquals(List.of(), StrictValidator.problems(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: ok}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers: [{name: c, image: i, lifecycle: {preStop: {sleep: {seconds: 5}}}}]
                """)));
    }

    @Test
    void shouldRejectAMisspelledFieldDeepInsideADeployment() throws Exception {
        List<String> problems = StrictValidator.problems(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: typo}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    spec:
                      containers: [{name: c, image: i, readinessProbe: {httpGet: {path: /q/health/ready, prot: http}}}]
                """));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("[prot]"), problems.toString());
    }

    @Test
    void shouldRejectAFieldOfTheWrongType() throws Exception {
        List<String> problems = StrictValidator.problems(yaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: svc}
                spec: {ports: [{port: {name: http}}]}
                """));
        assertTrue(problems.get(0).contains("does not bind"), problems.toString());
    }

    @Test
    void shouldRejectUnknownKinds() throws Exception {
        assertTrue(StrictValidator.problems(yaml("{apiVersion: v9, kind: Thing, metadata: {name: x}}"))
                .get(0).contains("unknown apiVersion/kind"));
    }

    @Test
    void shouldRejectUnknownAndMissingFieldsInCustomResources() throws Exception {
        List<String> problems = StrictValidator.problems(yaml("""
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: sm}
                spec:
                  selector: {matchLabels: {a: b}}
                  endpoints: [{port: http, intervall: 30s}]
                  podTargetLabel: [slot]
                """));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains(".spec.endpoints[0].intervall")), problems.toString());
        List<String> missing = StrictValidator.problems(yaml("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: so}
                spec: {scaleTargetRef: {name: d}, minReplicaCount: "1"}
                """));
        assertTrue(missing.stream().anyMatch(p -> p.contains("missing .spec.triggers")), missing.toString());
        assertTrue(missing.stream().anyMatch(p -> p.contains("expected an integer at .spec.minReplicaCount")), missing.toString());
    }
}
