package io.rtml.monitor.drift;

import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.contracts.profile.FeatureType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DriftCalculatorTest {

    static final Map<String, FeatureType> SCHEMA = new LinkedHashMap<>();

    static {
        SCHEMA.put("opens_30d", FeatureType.NUMERIC);
        SCHEMA.put("device", FeatureType.CATEGORICAL);
    }
    static final String[] DEVICES = {"mobile", "desktop", "tablet"};

    static List<Map<String, Object>> rows(long seed, int n, double shift) {
        Random random = new Random(seed);
        List<Map<String, Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            String device = u < 0.6 ? DEVICES[0] : u < 0.9 ? DEVICES[1] : DEVICES[2];
            rows.add(Map.of("opens_30d", random.nextGaussian() * 2 + 10 + shift, "device", device));
        }
        return rows;
    }

    static DatasetProfile live(DatasetProfile baseline, List<Map<String, Object>> rows) {
        DatasetProfile live = baseline.emptyCopy();
        rows.forEach(live::add);
        return live;
    }

    private final DriftCalculator calculator = new DriftCalculator(0.2);

    @Test
    void shouldNotFlagSamplesFromTheSameDistribution() {
        DatasetProfile baseline = DatasetProfile.fromRows(rows(1, 10_000, 0), SCHEMA);
        List<FeatureDrift> drift = calculator.features(baseline, live(baseline, rows(2, 10_000, 0)));

        assertThat(drift).extracting(FeatureDrift::feature).containsExactly("opens_30d", "device");
        assertThat(drift).allSatisfy(d -> {
            assertThat(d.psi()).isLessThan(0.05);
            assertThat(d.drifted()).isFalse();
            assertThat(d.pValue()).isGreaterThan(0.001);
            assertThat(d.rows()).isEqualTo(10_000);
        });
        assertThat(drift.get(0).test()).isEqualTo("ks");
        assertThat(drift.get(1).test()).isEqualTo("chi2");
    }

    @Test
    void shouldFlagOnlyTheShiftedFeature() {
        DatasetProfile baseline = DatasetProfile.fromRows(rows(1, 10_000, 0), SCHEMA);
        List<FeatureDrift> drift = calculator.features(baseline, live(baseline, rows(3, 10_000, 2.0)));

        FeatureDrift opens = drift.get(0);
        assertThat(opens.drifted()).isTrue();
        assertThat(opens.psi()).isGreaterThan(0.2);
        assertThat(opens.statistic()).isGreaterThan(0.3);
        assertThat(opens.pValue()).isLessThan(1e-10);
        assertThat(drift.get(1).drifted()).isFalse();
    }

    @Test
    void shouldReportNothingForAFeatureTheWindowNeverSaw() {
        DatasetProfile baseline = DatasetProfile.fromRows(rows(1, 1000, 0), SCHEMA);
        FeatureDrift d = calculator.feature("opens_30d", baseline.feature("opens_30d"), null);
        assertThat(d.psi()).isNull();
        assertThat(d.pValue()).isNull();
        assertThat(d.drifted()).isFalse();
        assertThat(d.rows()).isZero();
    }
}
