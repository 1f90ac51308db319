package io.rtml.chart.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-written structural checks for the custom resources the chart renders (Prometheus Operator, KEDA, Strimzi): only the
 * fields of their CRDs that the chart uses or may use are accepted, with their JSON types; required fields must be set.
 */
final class CrdShapes {

    /** A node's expected shape. */
    private sealed interface Shape permits Str, Int, Obj, Arr, StrMap, Model {
    }

    private record Str() implements Shape {
    }

    private record Int() implements Shape {
    }

    private record Obj(Map<String, Shape> fields, Set<String> required) implements Shape {
    }

    private record Arr(Shape items) implements Shape {
    }

    private record StrMap() implements Shape {
    }

    private record Model(Class<?> type) implements Shape {
    }

    private static final Shape STR = new Str();
    private static final Shape INT = new Int();
    private static final Shape LABELS = new StrMap();

    private static Obj obj(Set<String> required, Object... keysAndShapes) {
        Map<String, Shape> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndShapes.length; i += 2) {
            fields.put((String) keysAndShapes[i], (Shape) keysAndShapes[i + 1]);
        }
        return new Obj(fields, required);
    }

    private static final Shape ENDPOINT = obj(Set.of("port"),
            "port", STR, "path", STR, "scheme", STR, "interval", STR, "scrapeTimeout", STR, "honorLabels", STR);
    private static final Shape SERVICE_MONITOR_SPEC = obj(Set.of("selector", "endpoints"),
            "selector", new Model(LabelSelector.class),
            "namespaceSelector", obj(Set.of(), "matchNames", new Arr(STR), "any", STR),
            "podTargetLabels", new Arr(STR),
            "targetLabels", new Arr(STR),
            "jobLabel", STR,
            "endpoints", new Arr(ENDPOINT));
    private static final Shape RULE = obj(Set.of("expr"),
            "alert", STR, "record", STR, "expr", STR, "for", STR, "keep_firing_for", STR,
            "labels", LABELS, "annotations", LABELS);
    private static final Shape PROMETHEUS_RULE_SPEC = obj(Set.of("groups"),
            "groups", new Arr(obj(Set.of("name", "rules"), "name", STR, "interval", STR, "rules", new Arr(RULE))));
    private static final Shape SCALED_OBJECT_SPEC = obj(Set.of("scaleTargetRef", "triggers"),
            "scaleTargetRef", obj(Set.of("name"), "apiVersion", STR, "kind", STR, "name", STR),
            "minReplicaCount", INT, "maxReplicaCount", INT, "idleReplicaCount", INT,
            "pollingInterval", INT, "cooldownPeriod", INT,
            "triggers", new Arr(obj(Set.of("type", "metadata"),
                    "type", STR, "name", STR, "metricType", STR, "metadata", LABELS,
                    "authenticationRef", obj(Set.of("name"), "name", STR, "kind", STR))));

    private static final Shape KAFKA_TOPIC_SPEC = obj(Set.of("partitions", "replicas"),
            "topicName", STR, "partitions", INT, "replicas", INT, "config", LABELS);

    private static final Map<String, Shape> SPECS = Map.of(
            "monitoring.coreos.com/v1/ServiceMonitor", SERVICE_MONITOR_SPEC,
            "monitoring.coreos.com/v1/PrometheusRule", PROMETHEUS_RULE_SPEC,
            "keda.sh/v1alpha1/ScaledObject", SCALED_OBJECT_SPEC,
            "kafka.strimzi.io/v1beta2/KafkaTopic", KAFKA_TOPIC_SPEC);

    private CrdShapes() {
    }

    static boolean knows(String type) {
        return SPECS.containsKey(type);
    }

    static void check(String type, JsonNode object, List<String> problems) {
        Shape top = obj(Set.of("apiVersion", "kind", "metadata", "spec"),
                "apiVersion", STR, "kind", STR, "metadata", new Model(ObjectMeta.class), "spec", SPECS.get(type));
        check(top, object, "", problems);
    }

    private static void check(Shape shape, JsonNode node, String path, List<String> problems) {
        String at = path.isEmpty() ? "." : path;
        if (shape instanceof Str) {
            if (!node.isValueNode()) {
                problems.add("expected a string at " + at);
            }
        } else if (shape instanceof Int) {
            if (!node.isIntegralNumber()) {
                problems.add("expected an integer at " + at);
            }
        } else if (shape instanceof StrMap) {
            if (!node.isObject()) {
                problems.add("expected a map at " + at);
            } else {
                node.fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual()) {
                        problems.add("expected a string value at " + path + "." + e.getKey());
                    }
                });
            }
        } else if (shape instanceof Arr a) {
            if (!node.isArray()) {
                problems.add("expected a list at " + at);
            } else {
                for (int i = 0; i < node.size(); i++) {
                    check(a.items(), node.get(i), path + "[" + i + "]", problems);
                }
            }
        } else if (shape instanceof Model m) {
            try {
                StrictValidator.findUnknownFields(Rendered.as(node, m.type()), path, problems);
            } catch (IllegalArgumentException e) {
                problems.add("does not bind to " + m.type().getSimpleName() + " at " + at + ": " + e.getMessage());
            }
        } else if (shape instanceof Obj o) {
            if (!node.isObject()) {
                problems.add("expected an object at " + at);
                return;
            }
            o.required().stream().filter(r -> !node.has(r)).forEach(r -> problems.add("missing " + path + "." + r));
            node.fields().forEachRemaining(e -> {
                Shape field = o.fields().get(e.getKey());
                if (field == null) {
                    problems.add("unknown field " + path + "." + e.getKey());
                } else {
                    check(field, e.getValue(), path + "." + e.getKey(), problems);
                }
            });
        }
    }
}
