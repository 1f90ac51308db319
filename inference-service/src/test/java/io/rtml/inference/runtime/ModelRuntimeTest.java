package io.rtml.inference.runtime;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRuntimeTest {

    @Test
    void shouldAnswerLikeTheTrainedTribuoModelAfterAProtobufRoundTrip() {
        Model<Label> model = TestModels.cart(1);
        TribuoRuntime runtime = TribuoRuntime.load(TestModels.protobufBytes(model));
        List<Map<String, Object>> rows = TestModels.rows(500, 2);
        List<Scored> answers = runtime.predict(rows);
        int correct = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (answers.get(i).label().equals(TestModels.truth(rows.get(i)))) {
                correct++;
            }
        }
        assertThat(runtime.labels()).containsExactly("early", "late");
        assertThat(correct / 500.0).isGreaterThan(0.9);
        assertThat(answers.get(0).scores()).containsOnlyKeys("early", "late");
    }

    @Test
    void shouldRefuseBytesThatAreNotATribuoModel() {
        assertThatThrownBy(() -> TribuoRuntime.load("not a model".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Tribuo");
    }

    @Test
    void shouldGiveTheSameLabelsFromOnnxAsFromTribuoForAnExportedModel() throws Exception {
        Model<Label> model = TestModels.logistic(3);
        byte[] onnx = ((LinearSGDModel) model).exportONNXModel("io.rtml.test", 1).toByteArray();
        List<String> inputOrder = new ArrayList<>();
        model.getFeatureIDMap().forEach(info -> inputOrder.add(null));
        model.getFeatureIDMap().forEach(info -> inputOrder.set(model.getFeatureIDMap().getID(info.getName()), info.getName()));
        List<String> labels = new ArrayList<>();
        StreamSupport.stream(model.getOutputIDInfo().getDomain().spliterator(), false).forEach(l -> labels.add(null));
        model.getOutputIDInfo().getDomain().forEach(l -> labels.set(model.getOutputIDInfo().getID(l), l.getLabel()));

        try (OnnxModelRuntime fromOnnx = OnnxModelRuntime.load(onnx, inputOrder, labels, false)) {
            TribuoRuntime fromTribuo = TribuoRuntime.load(TestModels.protobufBytes(model));
            List<Map<String, Object>> rows = TestModels.rows(300, 4);
            List<Scored> a = fromOnnx.predict(rows);
            List<Scored> b = fromTribuo.predict(rows);
            int agree = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (a.get(i).label().equals(b.get(i).label())) {
                    agree++;
                }
            }
            assertThat(fromOnnx.device()).isEqualTo("cpu");
            assertThat(agree).isGreaterThanOrEqualTo(297);
            assertThat(a.get(0).scores().get(a.get(0).label())).isCloseTo(b.get(0).scores().get(a.get(0).label()),
                    org.assertj.core.data.Offset.offset(1e-3));
        }
    }
}
