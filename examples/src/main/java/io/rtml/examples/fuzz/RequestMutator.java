package io.rtml.examples.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Builds a plausible request from an OpenAPI schema, then breaks it the ways hostile or careless clients do:
 * missing and extra fields, wrong types, huge and negative numbers, NaN, deep nesting, truncated JSON, NUL
 * and lone surrogates, long strings, hostile path segments. Seeded, so a failure can be replayed.
 */
public final class RequestMutator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Text values a hostile client sends: each one has made some server somewhere answer 500. */
    static final List<String> HOSTILE_TEXT = List.of("", " ", "\u0000", "a\u0000b", "\ud800", "\uffff", "%00", "%",
            "../../etc/passwd", "' OR 1=1 --", "<script>", "null", "NaN", "-1", "1e309", "9223372036854775808",
            "2036-01-01T00:00:00Z", "0000-00-00", "\u202e", "😀", "x".repeat(300), "y".repeat(70_000));

    /** Raw path segments, already percent-encoded where needed. */
    static final List<String> HOSTILE_SEGMENTS = List.of("%00", "a%00b", "%25", "%2F", "..", "%2E%2E", "%C0%AE",
            "%F0%9F%98%80", "%FF%FE", "%ED%A0%80", "-1", "0", "99999999999999999999", "NaN", "1.5", "%20",
            "x".repeat(3_000), "%27%20OR%201%3D1", "null");

    private final Random random;
    private final ObjectMapper mapper;

    public RequestMutator(long seed, ObjectMapper mapper) {
        this.random = new Random(seed);
        this.mapper = mapper;
    }

    public Random random() {
        return random;
    }

    /** A value matching {@code schema}, as well as a schema says: enums, formats, required fields. */
    public JsonNode sample(JsonNode schema, int depth) {
        if (schema == null || depth > 6) {
            return JSON.nullNode();
        }
        if (schema.has("enum") && schema.path("enum").size() > 0) {
            return schema.path("enum").get(random.nextInt(schema.path("enum").size()));
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        switch (type) {
            case "object" -> {
                ObjectNode o = JSON.objectNode();
                for (Iterator<String> it = schema.path("properties").fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    o.set(name, sample(schema.path("properties").path(name), depth + 1));
                }
                if (schema.path("additionalProperties").isObject() && o.isEmpty()) {
                    o.set("f" + random.nextInt(3), sample(schema.path("additionalProperties"), depth + 1));
                }
                return o;
            }
            case "array" -> {
                ArrayNode a = JSON.arrayNode();
                int n = 1 + random.nextInt(2);
                for (int i = 0; i < n; i++) {
                    a.add(sample(schema.path("items"), depth + 1));
                }
                return a;
            }
            case "integer" -> {
                return JSON.numberNode(random.nextInt(5));
            }
            case "number" -> {
                return JSON.numberNode(random.nextDouble() * 10);
            }
            case "boolean" -> {
                return JSON.booleanNode(random.nextBoolean());
            }
            case "string" -> {
                String format = schema.path("format").asText("");
                if (format.contains("date-time")) {
                    return JSON.textNode(Instant.now().minusSeconds(random.nextInt(3_600)).toString());
                }
                return JSON.textNode(pick(List.of("send-time", "churn", "acme", "recipient", "a", "v1")));
            }
            default -> {
                return random.nextBoolean() ? JSON.textNode("x") : JSON.numberNode(1);
            }
        }
    }

    /** The body to send: the valid sample now and then, most often a broken variant of it. */
    public String body(JsonNode schema) {
        JsonNode valid = sample(schema, 0);
        int kind = random.nextInt(14);
        try {
            return switch (kind) {
                case 0 -> mapper.writeValueAsString(valid);
                case 1 -> mapper.writeValueAsString(mutateTree(valid.deepCopy(), this::dropField));
                case 2 -> mapper.writeValueAsString(mutateTree(valid.deepCopy(), this::extraField));
                case 3, 4 -> mapper.writeValueAsString(mutateTree(valid.deepCopy(), this::replaceValue));
                case 5 -> truncate(mapper.writeValueAsString(valid));
                case 6 -> deepNesting(1 + random.nextInt(3_000));
                case 7 -> mapper.writeValueAsString(valid).replaceFirst("\\d+(\\.\\d+)?", pick(List.of("NaN", "Infinity",
                        "-0", "1e999999", "99999999999999999999999999")));
                case 8 -> pick(List.of("", "null", "[]", "{}", "\"text\"", "42", "true", "[null]", "{\"a\":}", "{,}"));
                case 9 -> mapper.writeValueAsString(mutateTree(valid.deepCopy(), n -> hostileText()));
                case 10 -> mapper.writeValueAsString(JSON.arrayNode().add(valid));
                case 11 -> mapper.writeValueAsString(mutateTree(valid.deepCopy(), n -> wrapInArray(n)));
                case 12 -> mapper.writeValueAsString(valid).replace("\"", random.nextBoolean() ? "'" : "");
                default -> mapper.writeValueAsString(mutateTree(valid.deepCopy(), n -> JSON.nullNode()));
            };
        } catch (JsonProcessingException e) {
            return "{";
        }
    }

    /** A path parameter value: a known name most of the time (so the request reaches the code behind it). */
    public String segment(List<String> known) {
        int roll = random.nextInt(10);
        if (roll < 5 && !known.isEmpty()) {
            return URLEncoder.encode(pick(known), StandardCharsets.UTF_8).replace("+", "%20");
        }
        if (roll < 7) {
            return String.valueOf(random.nextInt(4));
        }
        return pick(HOSTILE_SEGMENTS);
    }

    /** A query parameter value, percent-encoded. */
    public String queryValue(JsonNode schema) {
        String value = random.nextInt(3) == 0 ? sample(schema, 0).asText() : hostileText().asText();
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public String contentType(String declared) {
        return switch (random.nextInt(12)) {
            case 0 -> "text/plain";
            case 1 -> "application/xml";
            case 2 -> "application/json; charset=latin1";
            case 3 -> "multipart/form-data";
            case 4 -> "application/x-www-form-urlencoded";
            default -> declared == null ? "application/json" : declared;
        };
    }

    public <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private JsonNode hostileText() {
        return switch (random.nextInt(6)) {
            case 0 -> JSON.numberNode(pick(List.of(-1L, Long.MAX_VALUE, Long.MIN_VALUE, 0L, 1L << 53)));
            case 1 -> JSON.numberNode(pick(List.of(1e308, -1e308, Double.MIN_VALUE, -0.0, 1e-320)));
            case 2 -> JSON.booleanNode(true);
            default -> JSON.textNode(pick(HOSTILE_TEXT));
        };
    }

    private JsonNode dropField(JsonNode node) {
        if (node instanceof ObjectNode o && !o.isEmpty()) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            o.remove(pick(names));
        }
        return node;
    }

    private JsonNode extraField(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.set(pick(List.of("unexpected", "id", "actor", "tenant", "__proto__", "\u0000")), hostileText());
        }
        return node;
    }

    private JsonNode replaceValue(JsonNode node) {
        return random.nextBoolean() ? hostileText() : pick(List.of(JSON.objectNode(), JSON.arrayNode(), JSON.nullNode(),
                JSON.textNode("1"), JSON.numberNode(1)));
    }

    private static JsonNode wrapInArray(JsonNode node) {
        return JSON.arrayNode().add(node);
    }

    /**
     * Applies {@code change} at one randomly chosen place: to a container in place (drop or add a field), or to
     * one child of a container, which it replaces (a wrong type, a hostile value). The root may be replaced.
     */
    private JsonNode mutateTree(JsonNode root, java.util.function.UnaryOperator<JsonNode> change) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty() || random.nextInt(6) == 0) {
            return change.apply(root);
        }
        JsonNode parent = pick(containers);
        if (parent instanceof ObjectNode o && !o.isEmpty()) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = pick(names);
            JsonNode child = o.get(name);
            JsonNode changed = change.apply(child);
            if (changed != child) {
                o.set(name, changed);
            } else {
                change.apply(o); // an in-place change (drop, extra field) of the object itself
            }
        } else if (parent instanceof ArrayNode a && !a.isEmpty()) {
            int i = random.nextInt(a.size());
            a.set(i, change.apply(a.get(i)));
        } else {
            change.apply(parent);
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.elements().forEachRemaining(child -> collect(child, into));
        }
    }

    private String truncate(String json) {
        return json.isEmpty() ? json : json.substring(0, random.nextInt(json.length()));
    }

    private static String deepNesting(int depth) {
        return "[".repeat(depth) + "]".repeat(depth / 2);
    }
}
