package io.rtml.contracts.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReliabilityTableTest {

    @Test
    void shouldCountValidationPredictionsPerConfidenceBinByBruteForce() {
        Random random = new Random(3);
        ReliabilityTable table = ReliabilityTable.withBins(ReliabilityTable.DEFAULT_BINS);
        long[] counts = new long[20];
        long[] correct = new long[20];
        double[] sums = new double[20];
        for (int i = 0; i < 5_000; i++) {
            double c = random.nextDouble();
            boolean right = random.nextDouble() < c;
            table.add(c, right);
            int bin = (int) (c / 0.05);
            counts[bin]++;
            sums[bin] += c;
            correct[bin] += right ? 1 : 0;
        }
        table.add(1.0, true);
        counts[19]++;
        sums[19] += 1.0;
        correct[19]++;
        table.add(Double.NaN, true);

        assertThat(table.counts()).containsExactly(counts);
        assertThat(table.correct()).containsExactly(correct);
        for (int b = 0; b < 20; b++) {
            assertThat(table.confidenceSums()[b]).isCloseTo(sums[b], within(1e-9));
        }
        assertThat(table.rows()).isEqualTo(5_001);
    }

    @Test
    void shouldTakeTheScoreOfThePredictedClassAsConfidenceOnlyWhenItIsAProbability() {
        assertThat(ReliabilityTable.confidenceOf(Map.of("w1", 0.8, "w2", 0.2), "w1")).isEqualTo(0.8);
        assertThat(ReliabilityTable.confidenceOf(Map.of("w1", 0.8), "w2")).isNaN();
        assertThat(ReliabilityTable.confidenceOf(Map.of("w1", 3.2), "w1")).as("a logit, not a probability").isNaN();
        assertThat(ReliabilityTable.confidenceOf(null, "w1")).isNaN();
    }

    @Test
    void shouldRejectATableWhoseCountsCannotComeFromConfidencesInTheirBins() {
        assertThatThrownBy(() -> new ReliabilityTable(new long[] {10, 10}, new double[] {9.0, 6.0}, new long[] {5, 5}))
                .hasMessageContaining("bin 0");
        assertThatThrownBy(() -> new ReliabilityTable(new long[] {10}, new double[] {5.0}, new long[] {11}))
                .hasMessageContaining("bin 0");
        assertThatThrownBy(() -> new ReliabilityTable(new long[] {10}, null, new long[] {1}))
                .hasMessageContaining("confidenceSums");
    }

    @Test
    void shouldTravelWithTheBaselineProfileAndLeaveOlderProfilesReadable() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        DatasetProfile profile = DatasetProfile.fromRows(List.of(Map.of("x", 1.0), Map.of("x", 2.0)),
                Map.of("x", FeatureType.NUMERIC));
        ReliabilityTable table = ReliabilityTable.withBins(4);
        table.add(0.9, true);
        table.add(0.6, false);
        String json = mapper.writeValueAsString(profile.withReliability(table));

        DatasetProfile back = mapper.readValue(json, DatasetProfile.class);
        assertThat(back.reliability().counts()).containsExactly(0, 0, 1, 1);
        assertThat(back.reliability().correct()).containsExactly(0, 0, 0, 1);
        assertThat(back.emptyCopy().reliability()).as("live windows carry no validation data").isNull();

        String older = mapper.writeValueAsString(DatasetProfile.fromRows(List.of(Map.of("x", 1.0)),
                Map.of("x", FeatureType.NUMERIC)));
        assertThat(older).doesNotContain("reliability");
        assertThat(mapper.readValue(older, DatasetProfile.class).reliability()).isNull();
    }
}
