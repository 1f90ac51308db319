package io.rtml.chart.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks every pod template in a rendered object against the Kubernetes {@code restricted} Pod Security Standard
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/), with rtml's stricter choices on top: an
 * explicit non-root uid and gid, seccomp {@code RuntimeDefault} and a read-only root filesystem.
 *
 * <p>A pod template is found wherever the object holds a {@code containers} list, so Deployments, StatefulSets,
 * Jobs, CronJobs, Pods and pod templates inside custom resources are all checked without naming their kinds. Works
 * on the rendered JSON, not on a typed model, so a field the model would drop cannot slip through.
 */
public final class RestrictedPodSecurity {

    /** Volume types the restricted profile allows. */
    static final Set<String> VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    /** Sysctls the baseline profile allows. */
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");
    static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

    /** A pod template found in an object: where it is, and the PodSpec. */
    public record PodTemplate(String path, JsonNode spec) {
    }

    private RestrictedPodSecurity() {
    }

    /** Every PodSpec in the object (a node with a containers list), with its JSON path. */
    public static List<PodTemplate> podTemplates(JsonNode object) {
        List<PodTemplate> found = new ArrayList<>();
        collect(object, "", found);
        return found;
    }

    /** Violations in the object, each naming the object, the pod template and the container; empty when it complies. */
    public static List<String> problems(JsonNode object) {
        List<String> problems = new ArrayList<>();
        for (PodTemplate template : podTemplates(object)) {
            String where = Rendered.describe(object) + (template.path().isEmpty() ? "" : " " + template.path());
            check(template.spec(), problems, where);
        }
        return problems;
    }

    private static void collect(JsonNode node, String path, List<PodTemplate> found) {
        if (node.isObject()) {
            if (node.path("containers").isArray()) {
                found.add(new PodTemplate(path, node));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                collect(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", found);
            }
        }
    }

    private static void check(JsonNode spec, List<String> problems, String where) {
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (spec.path(host).asBoolean(false)) {
                problems.add(where + ": " + host + " is true");
            }
        }
        JsonNode pod = spec.path("securityContext");
        checkCommon(pod, problems, where + " (pod securityContext)");
        JsonNode sysctls = pod.path("sysctls");
        for (JsonNode sysctl : sysctls) {
            if (!SAFE_SYSCTLS.contains(sysctl.path("name").asText())) {
                problems.add(where + ": sysctl " + sysctl.path("name").asText() + " is not one of the safe sysctls");
            }
        }
        for (JsonNode volume : spec.path("volumes")) {
            for (Iterator<String> it = volume.fieldNames(); it.hasNext(); ) {
                String type = it.next();
                if (!"name".equals(type) && !VOLUME_TYPES.contains(type)) {
                    problems.add(where + ": volume " + volume.path("name").asText() + " is a " + type
                            + " volume (restricted allows " + VOLUME_TYPES.stream().sorted().toList() + ")");
                }
            }
        }
        int containers = 0;
        for (String list : CONTAINER_LISTS) {
            for (JsonNode container : spec.path(list)) {
                containers++;
                checkContainer(container, pod, problems, where + " " + list.replace("ontainers", "ontainer") + " "
                        + container.path("name").asText("<unnamed>"));
            }
        }
        if (containers == 0) {
            problems.add(where + ": no containers");
        }
    }

    private static void checkContainer(JsonNode container, JsonNode pod, List<String> problems, String where) {
        JsonNode security = container.path("securityContext");
        checkCommon(security, problems, where);
        if (security.path("privileged").asBoolean(false)) {
            problems.add(where + ": privileged is true");
        }
        if (!isFalse(security.path("allowPrivilegeEscalation"))) {
            problems.add(where + ": allowPrivilegeEscalation must be false, is " + text(security.path("allowPrivilegeEscalation")));
        }
        if (!isTrue(security.path("readOnlyRootFilesystem"))) {
            problems.add(where + ": readOnlyRootFilesystem must be true, is " + text(security.path("readOnlyRootFilesystem")));
        }
        JsonNode capabilities = security.path("capabilities");
        if (!contains(capabilities.path("drop"), "ALL")) {
            problems.add(where + ": capabilities.drop must contain ALL, is " + text(capabilities.path("drop")));
        }
        for (JsonNode added : capabilities.path("add")) {
            if (!"NET_BIND_SERVICE".equals(added.asText())) {
                problems.add(where + ": capabilities.add has " + added.asText() + " (restricted allows only NET_BIND_SERVICE)");
            }
        }
        if (!isTrue(effective(security, pod, s -> s.path("runAsNonRoot")))) {
            problems.add(where + ": runAsNonRoot must be true (container or pod), is "
                    + text(effective(security, pod, s -> s.path("runAsNonRoot"))));
        }
        for (String id : List.of("runAsUser", "runAsGroup")) {
            JsonNode value = effective(security, pod, s -> s.path(id));
            if (!value.canConvertToLong() || value.asLong() <= 0) {
                problems.add(where + ": " + id + " must be a non-root id (container or pod), is " + text(value));
            }
        }
        JsonNode seccomp = effective(security, pod, s -> s.path("seccompProfile").path("type"));
        if (!"RuntimeDefault".equals(seccomp.asText())) {
            problems.add(where + ": seccompProfile.type must be RuntimeDefault (container or pod), is " + text(seccomp));
        }
        for (JsonNode port : container.path("ports")) {
            if (port.path("hostPort").asInt(0) != 0) {
                problems.add(where + ": port " + port.path("name").asText(port.path("containerPort").asText()) + " has hostPort "
                        + port.path("hostPort").asInt());
            }
        }
        String procMount = security.path("procMount").asText("Default");
        if (!"Default".equals(procMount)) {
            problems.add(where + ": procMount is " + procMount);
        }
    }

    /** Rules that read the same on the pod and on a container securityContext. */
    private static void checkCommon(JsonNode security, List<String> problems, String where) {
        if (security.path("windowsOptions").path("hostProcess").asBoolean(false)) {
            problems.add(where + ": windowsOptions.hostProcess is true");
        }
        if (isFalse(security.path("runAsNonRoot"))) {
            problems.add(where + ": runAsNonRoot is false");
        }
        for (String id : List.of("runAsUser", "runAsGroup")) {
            if (security.has(id) && security.path(id).asLong(-1) == 0) {
                problems.add(where + ": " + id + " is 0 (root)");
            }
        }
        String seccomp = security.path("seccompProfile").path("type").asText("");
        if (!seccomp.isEmpty() && !"RuntimeDefault".equals(seccomp)) {
            problems.add(where + ": seccompProfile.type is " + seccomp);
        }
        JsonNode seLinux = security.path("seLinuxOptions");
        if (!SELINUX_TYPES.contains(seLinux.path("type").asText(""))) {
            problems.add(where + ": seLinuxOptions.type is " + seLinux.path("type").asText());
        }
        for (String field : List.of("user", "role")) {
            if (!seLinux.path(field).asText("").isEmpty()) {
                problems.add(where + ": seLinuxOptions." + field + " is set");
            }
        }
        String appArmor = security.path("appArmorProfile").path("type").asText("");
        if (!appArmor.isEmpty() && !"RuntimeDefault".equals(appArmor) && !"Localhost".equals(appArmor)) {
            problems.add(where + ": appArmorProfile.type is " + appArmor);
        }
    }

    /** The container's setting where it has one, else the pod's. */
    private static JsonNode effective(JsonNode container, JsonNode pod, Function<JsonNode, JsonNode> field) {
        JsonNode own = field.apply(container);
        return own.isMissingNode() || own.isNull() ? field.apply(pod) : own;
    }

    private static boolean isTrue(JsonNode node) {
        return node.isBoolean() && node.asBoolean();
    }

    private static boolean isFalse(JsonNode node) {
        return node.isBoolean() && !node.asBoolean();
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() ? "unset" : node.toString();
    }
}
