package io.rtml.examples.sendtime;

import io.rtml.contracts.profile.CategoricalProfile;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.contracts.profile.NumericProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SendTimeTrainerTest {

    private static SendTimeTrainer.Trained trained;

    @BeforeAll
    static void train() {
        var recipients = new EngagementGenerator(42, Instant.parse("2026-11-21T00:00:00Z"))
                .generate(12_000, RegionMix.BASELINE);
        trained = new SendTimeTrainer(42, 0.2).train(recipients);
    }

    @Test
    void shouldBeatTheMajorityBaselineByMoreThanFifteenPoints() {
        SendTimeTrainer.Evaluation e = trained.evaluation();

        assertThat(e.testRows()).isEqualTo(2_400);
        assertThat(e.accuracy() - e.majorityBaseline()).isGreaterThan(0.15);
    }

    @Test
    void shouldReportAccuracyPerDeviceSlice() {
        assertThat(trained.evaluation().sliceAccuracy()).containsOnlyKeys("device=mobile", "device=desktop");
        assertThat(trained.evaluation().sliceAccuracy().values())
                .allSatisfy(a -> assertThat(a).isGreaterThan(trained.evaluation().majorityBaseline()));
    }

    @Test
    void shouldPickTheTrainerThatValidatesBest() {
        double chosen = trained.validationAccuracy().get(trained.trainer());

        assertThat(trained.validationAccuracy().values()).allSatisfy(a -> assertThat(chosen).isGreaterThanOrEqualTo(a));
    }

    @Test
    void shouldProfileTheTrainingRowsAndTheModelsPredictions() {
        DatasetProfile profile = SendTimeTrainer.baselineProfile(trained.model(), trained.trainRows());

        assertThat(profile.rows()).isEqualTo(trained.trainRows().size());
        assertThat(profile.feature("tz_offset")).isInstanceOf(NumericProfile.class);
        assertThat(profile.feature("device")).isInstanceOf(CategoricalProfile.class);
        assertThat(profile.feature("industry")).isInstanceOf(CategoricalProfile.class);
        assertThat(profile.feature(SendTimeTrainer.PREDICTION_FEATURE)).isInstanceOf(CategoricalProfile.class);
        assertThat(profile.feature(SendTimeTrainer.PREDICTION_FEATURE).count()).isEqualTo(trained.trainRows().size());
        assertThat(profile.features()).hasSize(EngagementGenerator.FEATURES.size() + 1);
    }
}
