package io.rtml.chart;

import static io.rtml.chart.support.Chart.CI_VALUES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.rtml.chart.support.Chart;
import io.rtml.chart.support.Rendered;
import io.rtml.chart.support.RestrictedPodSecurity;
import io.rtml.chart.support.RestrictedPodSecurity.PodTemplate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Pod the chart can make runs under the restricted Pod Security Standard, so the release installs into a
 * namespace labelled pod-security.kubernetes.io/enforce: restricted; values cannot take a Pod out of it.
 */
class PodSecurityTest {

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldRunEveryPodTemplateUnderTheRestrictedPodSecurityStandard(String valuesFile) {
        Rendered rendered = Chart.render(valuesFile);
        List<String> problems = new ArrayList<>();
        int templates = 0;
        for (JsonNode object : rendered.objects()) {
            templates += RestrictedPodSecurity.podTemplates(object).size();
            problems.addAll(RestrictedPodSecurity.problems(object));
        }
        assertTrue(problems.isEmpty(), valuesFile + " leaves the restricted profile:\n" + String.join("\n", problems));
        assertTrue(templates >= rendered.ofKind("Deployment").size() + rendered.ofKind("Pod").size() && templates > 0,
                "found " + templates + " pod templates");
    }

    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldGiveEveryContainerAWritableSizeLimitedTmp(String valuesFile) {
        for (JsonNode object : Chart.render(valuesFile).objects()) {
            for (PodTemplate template : RestrictedPodSecurity.podTemplates(object)) {
                for (JsonNode container : template.spec().path("containers")) {
                    String where = Rendered.describe(object) + " container " + container.path("name").asText();
                    JsonNode mount = find(container.path("volumeMounts"), "mountPath", "/tmp");
                    assertFalse(mount.isMissingNode(), where + " needs a writable /tmp (the root filesystem is read-only)");
                    assertFalse(mount.path("readOnly").asBoolean(false), where);
                    JsonNode volume = find(template.spec().path("volumes"), "name", mount.path("name").asText());
                    assertTrue(volume.path("emptyDir").path("sizeLimit").isTextual(), where + ": /tmp is an emptyDir with a sizeLimit");
                }
            }
        }
    }

    @Test
    void shouldSizeEachServicesTmpFromItsValue() {
        Rendered rendered = Chart.renderDefaults("inference.tmpSizeLimit=8Gi", "monitor.tmpSizeLimit=512Mi");
        assertEquals("8Gi", tmpSize(rendered.get("Deployment", "rtml-inference-blue")));
        assertEquals("512Mi", tmpSize(rendered.get("Deployment", "rtml-monitor")));
        assertEquals("256Mi", tmpSize(rendered.get("Deployment", "rtml-registry")));
    }

    @Test
    void shouldAcceptOverridesThatStayRestricted() {
        Rendered rendered = Chart.renderDefaults("podSecurityContext.runAsUser=1001", "podSecurityContext.runAsGroup=1001",
                "podSecurityContext.fsGroup=1001", "--set-json=securityContext.capabilities={\"drop\":[\"ALL\",\"NET_RAW\"]}");
        assertEquals(List.of(), rendered.objects().stream().flatMap(o -> RestrictedPodSecurity.problems(o).stream()).toList());
        assertEquals(1001, rendered.get("Deployment", "rtml-registry").path("spec").path("template").path("spec")
                .path("securityContext").path("runAsUser").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "podSecurityContext.runAsNonRoot=false",
            "podSecurityContext.runAsUser=0",
            "podSecurityContext.runAsGroup=0",
            "podSecurityContext.runAsUser=null",
            "podSecurityContext.seccompProfile.type=Unconfined",
            "podSecurityContext.seccompProfile=null",
            "podSecurityContext.sysctls[0].name=kernel.msgmax",
            "securityContext.allowPrivilegeEscalation=true",
            "securityContext.readOnlyRootFilesystem=false",
            "securityContext.runAsNonRoot=false",
            "securityContext.privileged=true",
            "securityContext.runAsUser=0",
            "securityContext.capabilities.add[0]=NET_ADMIN",
            "--set-json=securityContext.capabilities={\"drop\":[\"NET_RAW\"]}",
            "securityContext.capabilities=null",
            "securityContext.seccompProfile.type=Unconfined",
            "securityContext.procMount=Unmasked"})
    void shouldRejectSecurityOverridesThatLeaveTheRestrictedProfile(String override) {
        String output = Chart.renderFailure("default-values.yaml", override);
        String key = override.replaceFirst("^--set-json=", "").replaceFirst("[.=\\[].*", "");
        assertTrue(output.contains("values don't meet the specifications of the schema") && output.contains("/" + key), output);
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        return MissingNode.getInstance();
    }

    static String tmpSize(JsonNode deployment) {
        return find(deployment.path("spec").path("template").path("spec").path("volumes"), "name", "tmp")
                .path("emptyDir").path("sizeLimit").asText();
    }
}
