package io.rtml.chart.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restricted-profile checker finds pod templates wherever they are and names what breaks the profile. */
class RestrictedPodSecurityTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String COMPLIANT_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: ok}
            spec:
              securityContext:
                runAsNonRoot: true
                runAsUser: 185
                runAsGroup: 185
                seccompProfile: {type: RuntimeDefault}
              containers:
                - name: app
                  securityContext:
                    allowPrivilegeEscalation: false
                    readOnlyRootFilesystem: true
                    capabilities: {drop: [ALL]}
              volumes:
                - name: tmp
                  emptyDir: {sizeLimit: 1Mi}
                - name: token
                  secret: {secretName: t}
            """;

    @Test
    void shouldPassACompliantPod() {
        assertEquals(List.of(), RestrictedPodSecurity.problems(parse(COMPLIANT_POD)));
    }

    @Test
    void shouldFindPodTemplatesInsideJobsCronJobsAndCustomResources() {
        JsonNode cronJob = parse("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: refresh-token}
                spec:
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers: [{name: refresh}]
                """);
        assertEquals(List.of("spec.jobTemplate.spec.template.spec"),
                RestrictedPodSecurity.podTemplates(cronJob).stream().map(RestrictedPodSecurity.PodTemplate::path).toList());
        JsonNode scaledJob = parse("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledJob
                metadata: {name: batch}
                spec:
                  jobTargetRef:
                    template:
                      spec:
                        containers: [{name: worker}]
                """);
        assertEquals(1, RestrictedPodSecurity.podTemplates(scaledJob).size());
        assertTrue(RestrictedPodSecurity.problems(cronJob).stream()
                .anyMatch(p -> p.startsWith("CronJob/refresh-token spec.jobTemplate.spec.template.spec container refresh: ")),
                RestrictedPodSecurity.problems(cronJob).toString());
    }

    @Test
    void shouldNameTheObjectAndContainerOfEveryViolation() {
        JsonNode job = parse("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: migrate}
                spec:
                  template:
                    spec:
                      hostNetwork: true
                      hostPID: true
                      securityContext:
                        runAsUser: 0
                        sysctls: [{name: kernel.msgmax, value: "1"}]
                      initContainers:
                        - name: setup
                          securityContext:
                            privileged: true
                            allowPrivilegeEscalation: true
                            capabilities: {add: [SYS_ADMIN]}
                      containers:
                        - name: main
                          ports: [{name: http, containerPort: 8080, hostPort: 80}]
                          securityContext:
                            runAsNonRoot: false
                            seccompProfile: {type: Unconfined}
                            readOnlyRootFilesystem: false
                            allowPrivilegeEscalation: false
                            capabilities: {drop: [NET_RAW]}
                      volumes:
                        - name: docker
                          hostPath: {path: /var/run/docker.sock}
                """);
        List<String> problems = RestrictedPodSecurity.problems(job);
        String at = "Job/migrate spec.template.spec";
        for (String expected : List.of(
                at + ": hostNetwork is true",
                at + ": hostPID is true",
                at + " (pod securityContext): runAsUser is 0 (root)",
                at + ": sysctl kernel.msgmax is not one of the safe sysctls",
                at + ": volume docker is a hostPath volume",
                at + " initContainer setup: privileged is true",
                at + " initContainer setup: allowPrivilegeEscalation must be false, is true",
                at + " initContainer setup: capabilities.drop must contain ALL, is unset",
                at + " initContainer setup: capabilities.add has SYS_ADMIN",
                at + " initContainer setup: readOnlyRootFilesystem must be true, is unset",
                at + " initContainer setup: runAsNonRoot must be true (container or pod), is unset",
                at + " initContainer setup: runAsUser must be a non-root id (container or pod), is 0",
                at + " initContainer setup: runAsGroup must be a non-root id (container or pod), is unset",
                at + " initContainer setup: seccompProfile.type must be RuntimeDefault (container or pod), is unset",
                at + " container main: runAsNonRoot is false",
                at + " container main: seccompProfile.type is Unconfined",
                at + " container main: readOnlyRootFilesystem must be true, is false",
                at + " container main: capabilities.drop must contain ALL, is [\"NET_RAW\"]",
                at + " container main: port http has hostPort 80")) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(expected)), expected + " not in\n" + String.join("\n", problems));
        }
    }

    @Test
    void shouldLetAContainerSettingReplaceThePodSetting() {
        JsonNode pod = parse(COMPLIANT_POD.replace("allowPrivilegeEscalation: false",
                "allowPrivilegeEscalation: false\n        runAsUser: 0"));
        assertTrue(RestrictedPodSecurity.problems(pod).contains(
                "Pod/ok spec container app: runAsUser must be a non-root id (container or pod), is 0"), RestrictedPodSecurity.problems(pod).toString());
    }

    private static JsonNode parse(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
