package io.rtml.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TribuoModelsTest {

    private static Model<Label> trainedModel() {
        Random random = new Random(7);
        List<Map<String, ?>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double x = random.nextDouble();
            String device = random.nextBoolean() ? "mobile" : "desktop";
            rows.add(Map.of("x", x, "device", device));
            labels.add(x > 0.5 ? (device.equals("mobile") ? "a" : "b") : "c");
        }
        MutableDataset<Label> data = Examples.dataset("unit-test rows", rows, labels);
        return new CARTClassificationTrainer(6, 1.0f, 42L).train(data);
    }

    @Test
    void shouldSerialiseWithTribuosProtobufFormatThatLoadsAndPredictsTheSame() throws Exception {
        Model<Label> model = trainedModel();

        TribuoRegistration registration = TribuoModels.toRegistration(model);

        byte[] artifact = registration.artifact();
        assertThat(artifact[0] == (byte) 0xAC && artifact[1] == (byte) 0xED)
                .as("not Java serialization").isFalse();
        assertThat(registration.sha256()).isEqualTo(RegistryClient.sha256(artifact));
        Path file = Files.createTempFile("model", ".tribuo");
        Files.write(file, artifact);
        @SuppressWarnings("unchecked")
        Model<Label> loaded = (Model<Label>) Model.deserializeFromFile(file);
        Files.delete(file);
        var example = Examples.fromRow(Map.of("x", 0.9, "device", "mobile"), null);
        assertThat(loaded.predict(example).getOutput().getLabel())
                .isEqualTo(model.predict(example).getOutput().getLabel())
                .isEqualTo("a");
        assertThat(registration.labels()).containsExactly("a", "b", "c");
    }

    @Test
    void shouldDescribeTrainerDatasetSeedAndVersionsInProvenance() {
        ObjectNode provenance = TribuoModels.toRegistration(trainedModel()).provenance();

        assertThat(provenance.path("trainer").path("class-name").asText())
                .isEqualTo(CARTClassificationTrainer.class.getName());
        assertThat(provenance.path("trainer").path("maxDepth").asInt()).isEqualTo(6);
        assertThat(provenance.path("seed").asLong()).isEqualTo(42L);
        assertThat(provenance.path("dataset").path("num-examples").asInt()).isEqualTo(300);
        assertThat(provenance.path("dataset").path("datasource").path("description").asText()).isEqualTo("unit-test rows");
        assertThat(provenance.path("tribuoVersion").asText()).isEqualTo("4.3.2");
        assertThat(provenance.path("javaVersion").asText()).isEqualTo(System.getProperty("java.version"));
        assertThat(provenance.path("trainedAt").asText()).endsWith("Z");
    }

    @Test
    void shouldListTrainerParametersButNotRunFacts() {
        Map<String, Object> params = TribuoModels.toRegistration(trainedModel()).params();

        assertThat(params).containsEntry("maxDepth", 6).containsKey("seed").containsKey("impurity");
        assertThat(params).doesNotContainKeys("class-name", "tribuo-version", "train-invocation-count");
    }

    @Test
    void shouldFillFormatChecksumAndClassifierOutputsInMetadata() {
        TribuoRegistration registration = TribuoModels.toRegistration(trainedModel());

        VersionMetadata metadata = registration.metadata().input("x", "FP64").build();

        assertThat(metadata.format()).isEqualTo("tribuo");
        assertThat(metadata.sha256()).isEqualTo(registration.sha256());
        assertThat(metadata.signature().outputs()).extracting(TensorSpec::name).containsExactly("label", "scores");
        assertThat(metadata.signature().outputs().get(1).shape()).containsExactly(-1L, 3L);
        assertThat(metadata.provenance()).isSameAs(registration.provenance());
    }
}
