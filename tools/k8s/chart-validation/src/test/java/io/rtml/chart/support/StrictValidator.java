package io.rtml.chart.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a rendered object against the Kubernetes API types. The fabric8 model keeps unknown fields in
 * additionalProperties instead of failing, so after binding every nested additionalProperties map must be empty.
 * CRDs without a fabric8 model are checked against hand-written shapes ({@link CrdShapes}).
 */
public final class StrictValidator {

    private static final Map<String, Class<?>> TYPES = Map.of(
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/Secret", Secret.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/Pod", Pod.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class);

    private StrictValidator() {
    }

    /** Problems found in the object; empty when it is valid. */
    public static List<String> problems(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        List<String> problems = new ArrayList<>();
        if (object.path("metadata").path("name").asText().isEmpty()) {
            problems.add("metadata.name is missing");
        }
        Class<?> modelType = TYPES.get(type);
        if (modelType != null) {
            try {
                Object bound = Rendered.as(object, modelType);
                findUnknownFields(bound, "", problems);
            } catch (IllegalArgumentException e) {
                problems.add("does not bind to " + modelType.getSimpleName() + ": " + e.getMessage());
            }
        } else if (CrdShapes.knows(type)) {
            CrdShapes.check(type, object, problems);
        } else {
            problems.add("unknown apiVersion/kind " + type);
        }
        return problems.stream().map(p -> Rendered.describe(object) + ": " + p).toList();
    }

    static void findUnknownFields(Object bound, String path, List<String> problems) {
        findUnknownFields(bound, path, problems, new IdentityHashMap<>());
    }

    private static void findUnknownFields(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                findUnknownFields(list.get(i), path + "[" + i + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> findUnknownFields(v, path + "." + k, problems, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if ("additionalProperties".equals(field.getName())) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add("unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "." : path));
                    }
                } else {
                    findUnknownFields(fieldValue, path + "." + field.getName(), problems, seen);
                }
            }
        }
    }
}
