package io.rtml.examples.sendtime;

import io.rtml.devstack.LocalPlatform;
import io.rtml.devstack.LocalPlatform.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole lifecycle against the four services running as separate processes (as {@code ./rtml up}
 * runs them), over a real broker and real databases: train, register, gate, serve by entity key,
 * shift the population, see drift on exactly the shifted feature, send labels, read live accuracy.
 */
class SendTimeScenarioIT {

    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = LocalPlatform.start(List.of(Service.REGISTRY, Service.FEATURE_STORE, Service.INFERENCE,
                Service.MONITOR), "_e2e", Map.of());
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void shouldServeTheChampionAndFlagDriftOnlyOnTheShiftedFeature() {
        ScenarioConfig config = ScenarioConfig.defaults(
                URI.create(platform.url(Service.REGISTRY)), URI.create(platform.url(Service.FEATURE_STORE)),
                URI.create(platform.url(Service.INFERENCE)), URI.create(platform.url(Service.MONITOR)));

        ScenarioReport report = SendTimeScenario.run(config, System.out);
        System.out.println(report.render());

        assertThat(report.accuracy()).as("model beats the majority baseline")
                .isGreaterThan(report.majorityBaseline() + 0.15);
        assertThat(report.baselinePredictions()).as("phase-1 predictions served by entity key").isGreaterThanOrEqualTo(10_000);
        assertThat(report.shiftedPredictions()).isGreaterThanOrEqualTo(5_000);
        assertThat(report.p50Ms()).isPositive();
        assertThat(report.p99Ms()).isGreaterThanOrEqualTo(report.p50Ms());
        assertThat(report.driftedFeaturesBeforeShift()).as("no drift while traffic matches training").isEmpty();
        assertThat(report.driftedFeaturesAfterShift()).as("drift on exactly the shifted feature")
                .containsExactly("tz_offset");
        assertThat(report.labelsJoined()).as("labels reached the monitor and joined their predictions")
                .isGreaterThan(report.labelsSent() / 2);
        assertThat(report.liveAccuracy()).as("live accuracy from labels").isNotNull()
                .isGreaterThan(report.majorityBaseline());
    }
}
