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
    void shouldBinBooleansAsZeroAndOneSoTheirShareCanDrift() {
        Map<String, FeatureType> schema = Map.of("is_vip", FeatureType.NUMERIC);
        List<Map<String, Object>> training = booleans(2_000, 0.3, 7);
        DatasetProfile baseline = DatasetProfile.fromRows(training, schema);
        NumericProfile vip = (NumericProfile) baseline.feature("is_vip");
        long trues = training.stream().filter(r -> (Boolean) r.get("is_vip")).count();
        // Two bins, false below the edge at 1 and true at it, holding exactly what was generated.
        assertThat(vip.edges()).containsExactly(1.0);
        assertThat(vip.counts()).containsExactly(training.size() - trues, trues);
        assertThat(vip.missing()).isZero();

        DatasetProfile same = baseline.emptyCopy();
        booleans(1_000, 0.3, 8).forEach(same::add);
        DatasetProfile shifted = baseline.emptyCopy();
        booleans(1_000, 0.6, 9).forEach(shifted::add);
        org.apache.commons.math3.stat.inference.ChiSquareTest chi = new org.apache.commons.math3.stat.inference.ChiSquareTest();
        long[] base = vip.counts();
        assertThat(chi.chiSquareTestDataSetsComparison(base, ((NumericProfile) shifted.feature("is_vip")).counts()))
                .as("p-value of a 30 % -> 60 % move in the share of true").isLessThan(1e-6);
        assertThat(chi.chiSquareTestDataSetsComparison(base, ((NumericProfile) same.feature("is_vip")).counts()))
                .as("p-value of the same share").isGreaterThan(0.01);
    }

    @Test
    void shouldReadNumbersBooleansAndNumericTextByOneRule() {
        assertThat(NumericValue.of(3)).isEqualTo(3.0);
        assertThat(NumericValue.of(true)).isEqualTo(1.0);
        assertThat(NumericValue.of(false)).isEqualTo(0.0);
        assertThat(NumericValue.of(" 2.5 ")).isEqualTo(2.5);
        assertThat(NumericValue.of("mobile")).isNaN();
        assertThat(NumericValue.of("")).isNaN();
        assertThat(NumericValue.of(null)).isNaN();
    }

    private static List<Map<String, Object>> booleans(int n, double shareTrue, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Map.of("is_vip", random.nextDouble() < shareTrue));
        }
        return rows;
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
