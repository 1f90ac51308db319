package io.rtml.registry.service;

import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks that a JSON document has the shape of a contract record (every field optional) before it is
 * bound, and says where it does not, field by field with its path: binding alone stops at the first
 * wrong field and names Java types. Knows the types the contract documents use: numbers, whole numbers,
 * text, ISO-8601 instants, enums (by their wire names), lists and nested records.
 */
final class RecordShape {

    private RecordShape() {
    }

    /** Every shape problem of {@code node} as a {@code type}, each starting with its path under {@code path}. */
    static List<String> problems(JsonNode node, Class<?> type, String path) {
        List<String> problems = new ArrayList<>();
        walk(node, type, path, problems);
        return problems;
    }

    private static void walk(JsonNode node, Type type, String path, List<String> problems) {
        if (node == null || node.isNull()) {
            return;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (!node.isArray()) {
                problems.add(path + ": must be a list");
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), p.getActualTypeArguments()[0], path + "[" + i + "]", problems);
            }
            return;
        }
        Class<?> c = (Class<?>) type;
        if (c == Double.class || c == double.class) {
            expect(node.isNumber(), path, "a number", node, problems);
        } else if (c == Integer.class || c == Long.class || c == int.class || c == long.class) {
            expect(node.isIntegralNumber(), path, "a whole number", node, problems);
        } else if (c == String.class) {
            expect(node.isTextual(), path, "text", node, problems);
        } else if (c == Instant.class) {
            boolean instant = node.isTextual();
            if (instant) {
                try {
                    Instant.parse(node.asText());
                } catch (DateTimeParseException e) {
                    instant = false;
                }
            }
            expect(instant, path, "an ISO-8601 instant such as 2026-11-23T05:30:00Z", node, problems);
        } else if (c.isEnum()) {
            Set<String> names = Arrays.stream(c.getEnumConstants()).map(e -> ((Enum<?>) e).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
            expect(node.isTextual() && names.contains(node.asText()), path, "one of " + String.join(", ", names),
                    node, problems);
        } else if (c.isRecord()) {
            if (!node.isObject()) {
                problems.add(path + ": must be an object, was " + brief(node));
                return;
            }
            List<String> fields = Arrays.stream(c.getRecordComponents()).map(RecordComponent::getName).toList();
            node.fieldNames().forEachRemaining(f -> {
                if (!fields.contains(f)) {
                    problems.add(path + "." + f + ": is not a field here (fields: " + String.join(", ", fields) + ")");
                }
            });
            for (RecordComponent component : c.getRecordComponents()) {
                walk(node.get(component.getName()), component.getGenericType(), path + "." + component.getName(), problems);
            }
        }
    }

    private static void expect(boolean ok, String path, String what, JsonNode node, List<String> problems) {
        if (!ok) {
            problems.add(path + ": must be " + what + ", was " + brief(node));
        }
    }

    private static String brief(JsonNode node) {
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
