package io.rtml.contracts.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetProfileTest {

    private static final Map<String, FeatureType> SCHEMA = Map.of(
            "opens_30d", FeatureType.NUMERIC,
            "device", FeatureType.CATEGORICAL);

    @Test
    void shouldSurviveAJsonRoundTripWithCountsAndEdgesIntact() throws Exception {
        DatasetProfile profile = DatasetProfile.fromRows(rows(500, 1), SCHEMA);
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(profile);
        DatasetProfile back = mapper.readValue(json, DatasetProfile.class);

        assertThat(back.rows()).isEqualTo(500);
        NumericProfile opens = (NumericProfile) back.feature("opens_30d");
        NumericProfile original = (NumericProfile) profile.feature("opens_30d");
        assertThat(opens.edges()).containsExactly(original.edges());
        assertThat(opens.counts()).containsExactly(original.counts());
        assertThat(opens.variance()).isEqualTo(original.variance());
        assertThat(((CategoricalProfile) back.feature("device")).categories())
                .isEqualTo(((CategoricalProfile) profile.feature("device")).categories());
        assertThat(json).contains("\"type\":\"numeric\"", "\"type\":\"categorical\"", "\"quantiles\"");
    }

    @Test
    void shouldFoldLiveRowsIntoTheBaselineShape() {
        DatasetProfile baseline = DatasetProfile.fromRows(rows(1_000, 2), SCHEMA);
        DatasetProfile live = baseline.emptyCopy();
        rows(200, 3).forEach(live::add);
        assertThat(live.rows()).isEqualTo(200);
        assertThat(((NumericProfile) live.feature("opens_30d")).edges())
                .containsExactly(((NumericProfile) baseline.feature("opens_30d")).edges());
        assertThat(live.feature("device").count()).isEqualTo(200);
    }

    @Test
    void shouldCountAFeatureAbsentFromARowAsMissing() {
        DatasetProfile baseline = DatasetProfile.fromRows(rows(100, 4), SCHEMA);
        DatasetProfile live = baseline.emptyCopy();
        live.add(Map.of("device", "mobile"));
        assertThat(live.feature("opens_30d").missing()).isEqualTo(1);
    }

    static List<Map<String, Object>> rows(int n, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("opens_30d", random.nextInt(30));
            row.put("device", random.nextDouble() < 0.6 ? "mobile" : "desktop");
            rows.add(row);
        }
        return rows;
    }
}
