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

    private final DriftCalculator calculator = new DriftCalculator();
    private final DriftPolicy policy = DriftPolicy.of(1e-3);

    @Test
    void shouldNotFlagSamplesFromTheSameDistribution() {
        DatasetProfile baseline = DatasetProfile.fromRows(rows(1, 10_000, 0), SCHEMA);
        List<FeatureDrift> drift = calculator.features(baseline, live(baseline, rows(2, 10_000, 0)), policy);

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
        List<FeatureDrift> drift = calculator.features(baseline, live(baseline, rows(3, 10_000, 2.0)), policy);

        FeatureDrift opens = drift.get(0);
        assertThat(opens.drifted()).isTrue();
        assertThat(opens.psi()).isGreaterThan(0.2);
        assertThat(opens.statistic()).isGreaterThan(0.3);
        assertThat(opens.pValue()).isLessThan(1e-10);
        assertThat(opens.significant()).isTrue();
        assertThat(drift.get(1).drifted()).isFalse();
    }

    @Test
    void shouldHoldTheSmallestPValueAgainstAlphaOverTheNumberOfFeaturesTested() {
        DatasetProfile baseline = DatasetProfile.fromRows(rows(1, 10_000, 0), SCHEMA);
        List<FeatureDrift> drift = calculator.features(baseline, live(baseline, rows(3, 10_000, 2.0)), policy);
        // Holm: the smaller p-value is held against alpha / 2, the other against alpha.
        assertThat(drift.get(0).alpha()).isEqualTo(1e-3 / 2);
        assertThat(drift.get(1).alpha()).isEqualTo(1e-3);
    }

    @Test
    void shouldIgnoreASignificantShiftSmallerThanTheMinimumEffectSize() {
        DatasetProfile baseline = DatasetProfile.fromRows(rows(1, 100_000, 0), SCHEMA);
        // 0.15 sd on 50,000 rows: clearly significant, PSI about 0.02.
        DatasetProfile live = live(baseline, rows(4, 50_000, 0.3));
        FeatureDrift loose = calculator.features(baseline, live, policy).get(0);
        FeatureDrift strict = calculator.features(baseline, live, new DriftPolicy(1e-3, 0.1)).get(0);

        assertThat(loose.significant()).isTrue();
        assertThat(loose.drifted()).isTrue();
        assertThat(loose.psi()).isLessThan(0.1);
        assertThat(strict.significant()).isTrue();
        assertThat(strict.drifted()).isFalse();
        assertThat(strict.jsDistance()).isEqualTo(loose.jsDistance());
    }

    @Test
    void shouldReportNothingForAFeatureTheWindowNeverSaw() {
        DatasetProfile baseline = DatasetProfile.fromRows(rows(1, 1000, 0), SCHEMA);
        FeatureDrift d = calculator.feature("opens_30d", baseline.feature("opens_30d"), null, policy);
        assertThat(d.psi()).isNull();
        assertThat(d.pValue()).isNull();
        assertThat(d.drifted()).isFalse();
        assertThat(d.rows()).isZero();
    }
}
