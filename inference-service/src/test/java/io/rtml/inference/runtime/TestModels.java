package io.rtml.inference.runtime;

import io.rtml.contracts.encoding.FeatureEncoding;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small real Tribuo models on a known rule: label "late" when hour + tz >= 12, with a device nudge. */
public final class TestModels {

    private TestModels() {
    }

    public static List<Map<String, Object>> rows(int n, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("hour", (double) random.nextInt(24));
            row.put("tz", (double) (random.nextInt(9) - 4));
            row.put("device", random.nextBoolean() ? "mobile" : "desktop");
            rows.add(row);
        }
        return rows;
    }

    public static String truth(Map<String, Object> row) {
        double v = (Double) row.get("hour") + (Double) row.get("tz");
        return v >= 12 ? "late" : "early";
    }

    public static MutableDataset<Label> dataset(List<Map<String, Object>> rows) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("test-rows", factory), factory);
        for (Map<String, Object> row : rows) {
            ArrayExample<Label> ex = new ArrayExample<>(new Label(truth(row)));
            FeatureEncoding.encode(row).forEach(f -> ex.add(f.name(), f.value()));
            data.add(ex);
        }
        return data;
    }

    public static Model<Label> cart(long seed) {
        return new CARTClassificationTrainer(8).train(dataset(rows(2_000, seed)));
    }

    public static Model<Label> logistic(long seed) {
        return new LogisticRegressionTrainer().train(dataset(rows(2_000, seed)));
    }

    public static byte[] protobufBytes(Model<Label> model) {
        try {
            Path file = Files.createTempFile("model", ".tribuo");
            model.serializeToFile(file);
            byte[] bytes = Files.readAllBytes(file);
            Files.delete(file);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
