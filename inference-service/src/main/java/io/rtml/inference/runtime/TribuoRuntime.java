package io.rtml.inference.runtime;

import com.google.protobuf.InvalidProtocolBufferException;
import io.rtml.contracts.encoding.FeatureEncoding;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Tribuo classification models, loaded from Tribuo's protobuf format (never Java serialization:
 * artifacts come over the network and must not be able to run code when read).
 */
public final class TribuoRuntime implements ModelRuntime {

    private final Model<Label> model;
    private final List<String> labels;
    private final long residentBytes;

    private TribuoRuntime(Model<Label> model) {
        this.model = model;
        this.labels = StreamSupport.stream(model.getOutputIDInfo().getDomain().spliterator(), false)
                .map(Label::getLabel).sorted().toList();
        // A Tribuo model lives entirely on the heap: its object graph is all it holds.
        this.residentBytes = ObjectGraphSize.shallow(TribuoRuntime.class) + ObjectGraphSize.of(model)
                + ObjectGraphSize.of(labels);
    }

    @Override
    public long residentBytes() {
        return residentBytes;
    }

    /** Parses a protobuf model file; a file that is not a Tribuo classification model is refused. */
    public static TribuoRuntime load(byte[] artifact) {
        Model<?> raw;
        try {
            raw = Model.deserialize(ModelProto.parseFrom(artifact));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("artifact is not a Tribuo protobuf model: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Tribuo could not read the model: " + e.getMessage(), e);
        }
        if (!raw.validate(Label.class)) {
            throw new IllegalArgumentException("only Tribuo classification models (Label outputs) are served");
        }
        @SuppressWarnings("unchecked")
        Model<Label> model = (Model<Label>) raw;
        return new TribuoRuntime(model);
    }

    @Override
    public String format() {
        return "tribuo";
    }

    @Override
    public String device() {
        return "cpu";
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public List<Scored> predict(List<Map<String, Object>> rows) {
        List<Scored> out = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            ArrayExample<Label> example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL);
            for (FeatureEncoding.Encoded f : FeatureEncoding.encode(row)) {
                example.add(f.name(), f.value());
            }
            Prediction<Label> p;
            try {
                p = model.predict(example);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("row has none of the features the model was trained on: "
                        + row.keySet(), e);
            }
            Map<String, Double> scores = new LinkedHashMap<>();
            labels.forEach(l -> {
                Label scored = p.getOutputScores().get(l);
                scores.put(l, scored == null ? 0.0 : scored.getScore());
            });
            out.add(new Scored(p.getOutput().getLabel(), scores));
        }
        return out;
    }
}
