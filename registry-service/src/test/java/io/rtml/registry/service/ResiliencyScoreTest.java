package io.rtml.registry.service;

import io.rtml.registry.entity.FeatureViewFreshness;
import io.rtml.registry.rest.ResiliencyView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResiliencyScoreTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final ResiliencyScore.Settings SETTINGS = new ResiliencyScore.Settings(Duration.ofDays(90),
            Duration.ofDays(1), 0.5, Duration.ofMinutes(30));

    private static FeatureViewFreshness fresh(String view, Instant latest, Instant checkedAt) {
        FeatureViewFreshness f = new FeatureViewFreshness();
        f.viewName = view;
        f.latestEventTime = latest;
        f.checkedAt = checkedAt;
        return f;
    }

    @Test
    void shouldHalveTheDataAgeFactorEveryHalfLifeAndFallAsTheDataAges() {
        ResiliencyView young = ResiliencyScore.compute(NOW.minus(Duration.ofDays(10)), NOW, null, List.of(), Map.of(), NOW, SETTINGS);
        ResiliencyView old = ResiliencyScore.compute(NOW.minus(Duration.ofDays(190)), NOW, null, List.of(), Map.of(), NOW, SETTINGS);

        // Only the age factor applies: the score is that factor, 0.5 per 90 days.
        assertThat(young.score()).isCloseTo(Math.exp(-Math.log(2) * 10 / 90.0), within(1e-12));
        assertThat(old.score()).isCloseTo(Math.exp(-Math.log(2) * 190 / 90.0), within(1e-12));
        assertThat(young.status()).isEqualTo("ok");
        assertThat(old.status()).isEqualTo("stale");
        assertThat(old.dataAgeFrom()).isEqualTo("dataCard");
    }

    @Test
    void shouldMeasureTheAgeFromTheRegistrationWhenTheCardGivesNoNewestRecord() {
        ResiliencyView view = ResiliencyScore.compute(null, NOW.minus(Duration.ofDays(45)), null, List.of(), Map.of(), NOW,
                SETTINGS);

        assertThat(view.dataAgeDays()).isCloseTo(45, within(1e-9));
        assertThat(view.dataAgeFrom()).isEqualTo("registration");
    }

    @Test
    void shouldWeighFeatureFreshnessByRelevanceAndTakeTheGeometricMeanOfTheFactors() {
        Instant newest = NOW.minus(Duration.ofDays(90));
        Map<String, FeatureViewFreshness> views = Map.of(
                "live", fresh("live", NOW, NOW),
                "slow", fresh("slow", NOW.minus(Duration.ofDays(2)), NOW));
        List<ResiliencyScore.OnlineFeature> online = List.of(
                new ResiliencyScore.OnlineFeature("live", "a", 0.6),
                new ResiliencyScore.OnlineFeature("slow", "b", 0.2));

        ResiliencyView view = ResiliencyScore.compute(newest, NOW, Map.of("a", 0.6, "b", 0.2), online, views, NOW, SETTINGS);

        double f = (0.6 * 1.0 + 0.2 * 0.25) / 0.8;
        assertThat(view.featureFreshness()).isCloseTo(f, within(1e-12));
        assertThat(view.relevance()).isEqualTo(0.6);
        assertThat(view.score()).isCloseTo(Math.cbrt(0.5 * f * 0.6), within(1e-12));
        assertThat(view.viewAgeSeconds()).containsEntry("slow", 2 * 86_400.0);
    }

    @Test
    void shouldBeUnknownWhenTheFeatureStoreDidNotAnswerOrWasAskedTooLongAgo() {
        FeatureViewFreshness failed = fresh("v", NOW, NOW.minus(Duration.ofMinutes(10)));
        failed.failedAt = NOW.minus(Duration.ofMinutes(1));
        failed.failure = "connection refused";
        List<ResiliencyScore.OnlineFeature> online = List.of(new ResiliencyScore.OnlineFeature("v", "a", null));

        ResiliencyView afterFailure = ResiliencyScore.compute(NOW, NOW, null, online, Map.of("v", failed), NOW, SETTINGS);
        ResiliencyView tooOld = ResiliencyScore.compute(NOW, NOW, null, online,
                Map.of("v", fresh("v", NOW, NOW.minus(Duration.ofHours(1)))), NOW, SETTINGS);
        ResiliencyView neverAsked = ResiliencyScore.compute(NOW, NOW, null, online, Map.of(), NOW, SETTINGS);

        assertThat(List.of(afterFailure, tooOld, neverAsked)).allSatisfy(v -> {
            assertThat(v.status()).isEqualTo("unknown");
            assertThat(v.score()).isNull();
        });
        assertThat(afterFailure.reason()).contains("connection refused");
    }

    @Test
    void shouldGiveAViewWithNoRowsNoFreshness() {
        List<ResiliencyScore.OnlineFeature> online = List.of(new ResiliencyScore.OnlineFeature("empty", "a", null));

        ResiliencyView view = ResiliencyScore.compute(NOW, NOW, null, online, Map.of("empty", fresh("empty", null, NOW)),
                NOW, SETTINGS);

        assertThat(view.featureFreshness()).isZero();
        assertThat(view.score()).isZero();
        assertThat(view.status()).isEqualTo("stale");
    }
}
