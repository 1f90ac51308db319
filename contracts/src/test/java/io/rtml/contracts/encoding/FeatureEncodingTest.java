package io.rtml.contracts.encoding;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FeatureEncodingTest {

    @Test
    void shouldKeepNumbersOneHotTextAndDropMissingValues() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("opens_30d", 4);
        row.put("device", "mobile");
        row.put("vip", true);
        row.put("days_since_open", null);
        row.put("score", Double.NaN);
        assertThat(FeatureEncoding.encode(row)).containsExactly(
                new FeatureEncoding.Encoded("opens_30d", 4.0),
                new FeatureEncoding.Encoded("device=mobile", 1.0),
                new FeatureEncoding.Encoded("vip", 1.0));
    }

    @Test
    void shouldEncodeAnEmptyRowAsNoFeatures() {
        assertThat(FeatureEncoding.encode(new HashMap<>())).isEmpty();
    }
}
