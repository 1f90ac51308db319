package io.rtml.inference.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.inference.OipDatatype;
import io.rtml.inference.rest.InferRequest;
import io.rtml.inference.rest.InferResponse;
import io.rtml.inference.runtime.Scored;
import io.rtml.inference.service.LoadedModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Open Inference Protocol tensors to rows and answers back to tensors. One named tensor per model input,
 * batch along the first dimension; every problem is a 400 that names the tensor.
 */
public final class TensorCodec {

    /**
     * Request parameter that lets an infer call leave model inputs out and have the runtime treat them as
     * missing values (Tribuo ignores an absent feature, ONNX gets NaN), instead of a 400 naming them.
     */
    public static final String ALLOW_MISSING_INPUTS = "allow_missing_inputs";
    static final List<String> OUTPUTS = List.of("label", "scores");

    private final int maxBatch;

    public TensorCodec(int maxBatch) {
        this.maxBatch = maxBatch;
    }

    /** One row per batch element, keyed by input name. */
    public List<Map<String, Object>> rows(LoadedModel loaded, InferRequest request) {
        if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
            throw ApiException.badRequest("inputs must list at least one tensor");
        }
        Map<String, String> declared = new HashMap<>();
        loaded.inputs().forEach(t -> declared.put(t.name(), t.datatype()));
        Integer batch = null;
        List<Map<String, Object>> rows = null;
        List<String> seen = new ArrayList<>();
        for (InferRequest.Input input : request.inputs()) {
            if (input == null || input.name() == null) {
                throw ApiException.badRequest("every input needs a name");
            }
            if (!declared.isEmpty() && !declared.containsKey(input.name())) {
                throw ApiException.badRequest("input '" + input.name() + "' is not an input of " + loaded.model()
                        + " v" + loaded.version() + "; its inputs are " + loaded.inputNames());
            }
            if (seen.contains(input.name())) {
                throw ApiException.badRequest("input '" + input.name() + "' is given twice");
            }
            seen.add(input.name());
            if (input.shape() == null || input.shape().isEmpty() || input.shape().stream().anyMatch(d -> d == null || d < 0)) {
                throw ApiException.badRequest("input '" + input.name() + "' needs a shape of non-negative sizes");
            }
            if (input.shape().stream().skip(1).anyMatch(d -> d != 1)) {
                throw ApiException.badRequest("input '" + input.name() + "' must have shape [batch] or [batch, 1]: "
                        + "each input is one feature");
            }
            OipDatatype datatype = OipDatatype.parse(input.datatype()).orElseThrow(() -> ApiException.badRequest(
                    "input '" + input.name() + "' datatype must be an Open Inference Protocol type, got "
                            + input.datatype()));
            List<JsonNode> values = flatten(input.data());
            long expected = input.shape().stream().reduce(1L, (a, b) -> a * b);
            if (values.size() != expected) {
                throw ApiException.badRequest("input '" + input.name() + "' has shape " + input.shape() + " ("
                        + expected + " values) but carries " + values.size());
            }
            if (batch == null) {
                batch = values.size();
                if (batch > maxBatch) {
                    throw ApiException.badRequest("batch of " + batch + " exceeds the limit of " + maxBatch);
                }
                rows = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    rows.add(new LinkedHashMap<>());
                }
            } else if (batch != values.size()) {
                throw ApiException.badRequest("all inputs must share the batch size: '" + input.name() + "' has "
                        + values.size() + ", the first input " + batch);
            }
            for (int i = 0; i < batch; i++) {
                rows.get(i).put(input.name(), value(input.name(), datatype, values.get(i)));
            }
        }
        List<String> missing = loaded.inputNames().stream().filter(n -> !seen.contains(n)).toList();
        if (!missing.isEmpty() && !allowsMissingInputs(request)) {
            throw new ApiException(400, "inputs " + missing + " of " + loaded.model() + " v" + loaded.version()
                    + " are missing; send them, or set the request parameter '" + ALLOW_MISSING_INPUTS
                    + "': true to score them as missing values", Map.of("missingInputs", missing));
        }
        return rows;
    }

    /** The outputs the request names, or all of them; an unknown name is a 400. */
    public List<String> requestedOutputs(InferRequest request) {
        if (request.outputs() == null || request.outputs().isEmpty()) {
            return OUTPUTS;
        }
        List<String> wanted = new ArrayList<>();
        for (InferRequest.Output o : request.outputs()) {
            if (o == null || !OUTPUTS.contains(o.name())) {
                throw ApiException.badRequest("unknown output '" + (o == null ? null : o.name()) + "'; outputs are "
                        + OUTPUTS);
            }
            wanted.add(o.name());
        }
        return wanted;
    }

    /** {@code label} as BYTES {@code [n]}, {@code scores} as FP64 {@code [n, labels]} in the runtime's label order. */
    public List<InferResponse.Output> outputs(LoadedModel loaded, List<Scored> scored, List<String> wanted) {
        List<InferResponse.Output> out = new ArrayList<>(2);
        long n = scored.size();
        if (wanted.contains("label")) {
            List<String> labels = new ArrayList<>(scored.size());
            scored.forEach(s -> labels.add(s.label()));
            out.add(new InferResponse.Output("label", List.of(n), "BYTES", null, labels));
        }
        if (wanted.contains("scores")) {
            List<String> labels = loaded.runtime().labels();
            List<Double> flat = new ArrayList<>(scored.size() * labels.size());
            scored.forEach(s -> labels.forEach(l -> flat.add(s.scores().getOrDefault(l, 0.0))));
            out.add(new InferResponse.Output("scores", List.of(n, (long) labels.size()), "FP64",
                    Map.of("labels", String.join(",", labels)), flat));
        }
        return out;
    }

    private static boolean allowsMissingInputs(InferRequest request) {
        Object flag = request.parameters() == null ? null : request.parameters().get(ALLOW_MISSING_INPUTS);
        return Boolean.TRUE.equals(flag) || "true".equals(flag);
    }

    private static Object value(String input, OipDatatype datatype, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (datatype == OipDatatype.BYTES) {
            return node.asText();
        }
        if (datatype == OipDatatype.BOOL) {
            if (!node.isBoolean()) {
                throw ApiException.badRequest("input '" + input + "' is BOOL but holds " + node);
            }
            return node.asBoolean();
        }
        if (!node.isNumber()) {
            throw ApiException.badRequest("input '" + input + "' is " + datatype + " but holds " + node);
        }
        return node.asDouble();
    }

    private static List<JsonNode> flatten(JsonNode data) {
        List<JsonNode> out = new ArrayList<>();
        if (data == null) {
            return out;
        }
        if (data.isArray()) {
            data.forEach(d -> out.addAll(d.isArray() ? flatten(d) : List.of(d)));
        } else {
            out.add(data);
        }
        return out;
    }
}
