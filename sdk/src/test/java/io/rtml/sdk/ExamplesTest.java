package io.rtml.sdk;

import org.junit.jupiter.api.Test;
import org.tribuo.Feature;
import org.tribuo.classification.LabelFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExamplesTest {

    @Test
    void shouldEncodeRowsAsTheInferenceServiceDoes() {
        Map<String, Object> row = new HashMap<>();
        row.put("tz_offset", -5);
        row.put("device", "mobile");
        row.put("opens_30d", 12L);
        row.put("vip", true);
        row.put("days_since_open", null);

        var example = Examples.fromRow(row, "w3");

        Map<String, Double> features = new HashMap<>();
        StreamSupport.stream(example.spliterator(), false).forEach((Feature f) -> features.put(f.getName(), f.getValue()));
        assertThat(features).containsOnly(Map.entry("tz_offset", -5.0), Map.entry("device=mobile", 1.0),
                Map.entry("opens_30d", 12.0), Map.entry("vip", 1.0));
        assertThat(example.getOutput().getLabel()).isEqualTo("w3");
    }

    @Test
    void shouldLeaveTheLabelUnknownForPrediction() {
        assertThat(Examples.fromRow(Map.of("x", 1.0), null).getOutput()).isEqualTo(LabelFactory.UNKNOWN_LABEL);
    }

    @Test
    void shouldRefuseRowsAndLabelsOfDifferentLength() {
        assertThatThrownBy(() -> Examples.dataset("d", List.of(Map.of("x", 1.0)), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 rows but 0 labels");
    }
}
