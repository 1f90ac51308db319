package io.rtml.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Tribuo models to registry versions: the artifact is Tribuo's protobuf model format (never Java
 * serialization, which must not be read from untrusted bytes), the provenance is what Tribuo recorded
 * while training.
 */
public final class TribuoModels {

    /** Trainer provenance entries that describe the run, not the trainer's configuration. */
    private static final Set<String> NOT_PARAMS = Set.of("class-name", "tribuo-version", "train-invocation-count",
            "is-sequence", "host-short-name");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TribuoModels() {
    }

    /** The model's protobuf bytes, checksum, provenance, trainer parameters and label domain. */
    public static TribuoRegistration toRegistration(Model<Label> model) {
        byte[] artifact = serialize(model);
        List<String> labels = model.getOutputIDInfo().getDomain().stream().map(Label::getLabel).sorted().toList();
        return new TribuoRegistration(artifact, RegistryClient.sha256(artifact), provenance(model), params(model), labels);
    }

    /** Tribuo's protobuf model format, as {@link Model#deserializeFromFile} reads it back. */
    public static byte[] serialize(Model<?> model) {
        Path file = null;
        try {
            file = Files.createTempFile("rtml-model", ".tribuo");
            model.serializeToFile(file);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise model " + model.getName(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /**
     * Provenance as registry JSON: {@code modelClass}, {@code trainer} (class and every parameter),
     * {@code seed} (when the trainer has one), {@code dataset} (data source, size, features, outputs,
     * transformations), {@code trainedAt}, {@code tribuoVersion}, {@code javaVersion}, {@code os},
     * {@code arch} and {@code instance} values.
     */
    public static ObjectNode provenance(Model<?> model) {
        ModelProvenance p = model.getProvenance();
        ObjectNode out = JSON.objectNode();
        out.put("modelClass", p.getClassName());
        ObjectNode trainer = (ObjectNode) toJson(p.getTrainerProvenance());
        out.set("trainer", trainer);
        JsonNode seed = trainer.get("seed");
        if (seed != null) {
            out.set("seed", seed);
        }
        out.set("dataset", toJson(p.getDatasetProvenance()));
        out.put("trainedAt", p.getTrainingTime().toInstant().toString());
        out.put("tribuoVersion", p.getTribuoVersion());
        out.put("javaVersion", p.getJavaVersion());
        out.put("os", p.getOS());
        out.put("arch", p.getArch());
        out.set("instance", toJson(p.getInstanceProvenance()));
        out.put("featureCount", model.getFeatureIDMap().size());
        return out;
    }

    /** The trainer's configured parameters (max depth, seed, impurity, ...), nested trainers as objects. */
    public static Map<String, Object> params(Model<?> model) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Pair<String, Provenance> entry : model.getProvenance().getTrainerProvenance()) {
            if (!NOT_PARAMS.contains(entry.getA())) {
                out.put(entry.getA(), ServiceHttp.MAPPER.convertValue(toJson(entry.getB()), Object.class));
            }
        }
        return out;
    }

    /** OLCUT provenance to JSON: objects to objects, lists to arrays, primitives to their value. */
    static JsonNode toJson(Provenance provenance) {
        if (provenance == null) {
            return JSON.nullNode();
        }
        if (provenance instanceof ObjectProvenance object) {
            ObjectNode node = JSON.objectNode();
            for (Pair<String, Provenance> entry : object) {
                node.set(entry.getA(), toJson(entry.getB()));
            }
            return node;
        }
        if (provenance instanceof MapProvenance<?> map) {
            ObjectNode node = JSON.objectNode();
            for (Pair<String, ? extends Provenance> entry : map) {
                node.set(entry.getA(), toJson(entry.getB()));
            }
            return node;
        }
        if (provenance instanceof ListProvenance<?> list) {
            ArrayNode node = JSON.arrayNode();
            StreamSupport.stream(list.spliterator(), false).forEach(p -> node.add(toJson(p)));
            return node;
        }
        if (provenance instanceof PrimitiveProvenance<?> primitive) {
            Object value = primitive.getValue();
            if (value == null) {
                return JSON.nullNode();
            }
            if (value instanceof Number || value instanceof Boolean) {
                return ServiceHttp.MAPPER.valueToTree(value);
            }
            return JSON.textNode(value.toString());
        }
        return JSON.textNode(provenance.toString());
    }
}
