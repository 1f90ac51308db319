package io.rtml.registry.service;

import io.rtml.registry.rest.Signature;
import io.rtml.registry.rest.TensorSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ValidationGateTest {

    private static final Signature SIGNATURE = new Signature(List.of(new TensorSpec("x", "FP64", null)), List.of());

    private static ValidationGate.Candidate version(int v, Map<String, Double> metrics,
                                                    Map<String, Map<String, Double>> slices) {
        return new ValidationGate.Candidate(v, SIGNATURE, true, metrics, slices);
    }

    @Test
    void shouldPassAFirstChampionWithSignatureAndProfile() {
        GateReport report = ValidationGate.evaluate(version(1, Map.of("accuracy", 0.5), Map.of()), null, 0.01);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void shouldAcceptASmallDropWithinTolerance() {
        GateReport report = ValidationGate.evaluate(version(2, Map.of("accuracy", 0.795), Map.of()),
                version(1, Map.of("accuracy", 0.80), Map.of()), 0.01);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void shouldTreatLossAsLowerIsBetter() {
        GateReport worse = ValidationGate.evaluate(version(2, Map.of("log_loss", 0.9), Map.of()),
                version(1, Map.of("log_loss", 0.5), Map.of()), 0.01);
        GateReport better = ValidationGate.evaluate(version(2, Map.of("log_loss", 0.3), Map.of()),
                version(1, Map.of("log_loss", 0.5), Map.of()), 0.01);
        assertThat(worse.passed()).isFalse();
        assertThat(better.passed()).isTrue();
    }

    @Test
    void shouldFailWhenOneSliceGetsWorseEvenIfOverallImproves() {
        GateReport report = ValidationGate.evaluate(
                version(2, Map.of("accuracy", 0.9), Map.of("device=mobile", Map.of("accuracy", 0.5))),
                version(1, Map.of("accuracy", 0.8), Map.of("device=mobile", Map.of("accuracy", 0.8))), 0.01);
        assertThat(report.passed()).isFalse();
        assertThat(report.checks()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("slice:device=mobile");
            assertThat(c.passed()).isFalse();
        });
    }

    @Test
    void shouldFailWhenTheCandidateDropsAMetricTheChampionReports() {
        GateReport report = ValidationGate.evaluate(version(2, Map.of(), Map.of()),
                version(1, Map.of("accuracy", 0.8), Map.of()), 0.01);
        assertThat(report.passed()).isFalse();
        assertThat(report.checks().get(2).message()).contains("missing metrics");
    }

    @Test
    void shouldFailAVersionWithoutBaselineProfile() {
        GateReport report = ValidationGate.evaluate(
                new ValidationGate.Candidate(1, SIGNATURE, false, Map.of(), Map.of()), null, 0.01);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void shouldRunEveryCheckButTheMetricsForAChallenger() {
        GateReport report = ValidationGate.compatibility(version(2, Map.of("accuracy", 0.1), Map.of()));
        assertThat(report.passed()).isTrue();
        assertThat(report.checks()).extracting(GateReport.Check::name).containsExactly("signature", "baseline-profile");
    }

    @Test
    void shouldRefuseAChallengerWithoutInputsOrBaselineProfile() {
        GateReport report = ValidationGate.compatibility(
                new ValidationGate.Candidate(2, new Signature(List.of(), List.of()), false, Map.of(), Map.of()));
        assertThat(report.passed()).isFalse();
        assertThat(report.checks()).allSatisfy(c -> assertThat(c.passed()).isFalse());
    }
}
