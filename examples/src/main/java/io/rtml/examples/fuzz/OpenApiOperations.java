package io.rtml.examples.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The operations a service's own OpenAPI document ({@code /q/openapi}) declares: what the fuzzer aims at. */
public final class OpenApiOperations {

    /** One operation: method, path template, its parameters and the schema of its JSON body (null when none). */
    public record Operation(String method, String path, List<Parameter> parameters, String bodyType, JsonNode bodySchema) {
        public String describe() {
            return method + " " + path;
        }
    }

    public record Parameter(String name, String in, JsonNode schema) {
    }

    private OpenApiOperations() {
    }

    public static List<Operation> load(HttpClient http, ObjectMapper mapper, URI service)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.resolve("/q/openapi?format=json"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(service + "/q/openapi answered " + response.statusCode());
        }
        JsonNode doc = mapper.readTree(response.body());
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode p : op.getValue().path("parameters")) {
                    parameters.add(new Parameter(p.path("name").asText(), p.path("in").asText(),
                            resolve(doc, p.path("schema"))));
                }
                JsonNode content = op.getValue().path("requestBody").path("content");
                String bodyType = content.fieldNames().hasNext() ? content.fieldNames().next() : null;
                JsonNode schema = bodyType == null ? null : resolve(doc, content.path(bodyType).path("schema"));
                out.add(new Operation(method, path.getKey(), parameters, bodyType, schema));
            }
        }
        return out;
    }

    /** A schema with its {@code $ref}s replaced, to a bounded depth (recursive schemas stop as empty objects). */
    static JsonNode resolve(JsonNode doc, JsonNode schema) {
        return resolve(doc, schema, 0);
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema, int depth) {
        if (schema == null || schema.isMissingNode() || depth > 8) {
            return new ObjectMapper().createObjectNode();
        }
        if (schema.has("$ref")) {
            String ref = schema.path("$ref").asText();
            JsonNode target = doc.at(ref.substring(1));
            return resolve(doc, target, depth + 1);
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = schema.deepCopy();
        if (schema.has("properties")) {
            com.fasterxml.jackson.databind.node.ObjectNode props = copy.putObject("properties");
            schema.path("properties").fields().forEachRemaining(e -> props.set(e.getKey(), resolve(doc, e.getValue(), depth + 1)));
        }
        if (schema.has("items")) {
            copy.set("items", resolve(doc, schema.path("items"), depth + 1));
        }
        if (schema.has("additionalProperties") && schema.path("additionalProperties").isObject()) {
            copy.set("additionalProperties", resolve(doc, schema.path("additionalProperties"), depth + 1));
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.has(combinator) && schema.path(combinator).size() > 0) {
                return resolve(doc, schema.path(combinator).get(0), depth + 1);
            }
        }
        return copy;
    }
}
