package io.rtml.chart.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;

/** The objects one helm template run printed. */
public record Rendered(List<JsonNode> objects) {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    public Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    public JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered; have "
                + objects.stream().map(Rendered::describe).toList()));
    }

    public <T> T get(String kind, String name, Class<T> type) {
        return as(get(kind, name), type);
    }

    public <T> List<T> ofKind(String kind, Class<T> type) {
        return ofKind(kind).stream().map(o -> as(o, type)).toList();
    }

    public static <T> T as(JsonNode node, Class<T> type) {
        return JSON.convertValue(node, type);
    }

    public static String describe(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }
}
