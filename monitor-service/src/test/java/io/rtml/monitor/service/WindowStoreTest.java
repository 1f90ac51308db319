package io.rtml.monitor.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.rtml.contracts.event.GroundTruthEvent;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.event.Route;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.monitor.config.MonitorConfig;
import io.rtml.monitor.service.WindowStore.VersionKey;
import io.rtml.monitor.support.Traffic;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WindowStoreTest {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:03Z");
    static final VersionKey STO_1 = new VersionKey("sto", 1);

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    WindowStore store(Map<String, String> overrides) {
        MonitorConfig config = new SmallRyeConfigBuilder()
                .withMapping(MonitorConfig.class)
                // Quarkus's converter, so that "10s" reads as in application.properties.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(overrides)
                .build()
                .getConfigMapping(MonitorConfig.class);
        return new WindowStore(config, new MonitorMetrics(registry));
    }

    static boolean observe(WindowStore store, PredictionEvent e, Instant now) {
        return store.observe(e, now, () -> { });
    }

    static PredictionEvent prediction(String requestId, int version, String output, double tz, Instant time) {
        return new PredictionEvent(requestId, "t1", "sto", version, Route.CHAMPION,
                Map.of("opens_30d", 12, "tz_offset", tz, "device", "mobile"), output, Map.of(), 1.0, time);
    }

    @Test
    void shouldAskForTheBaselineOnceAndFoldWaitingPredictionsWhenItArrives() {
        WindowStore store = store(Map.of());
        assertThat(observe(store, prediction("r1", 1, "w1", 0, T0), T0)).isTrue();
        assertThat(observe(store, prediction("r2", 1, "w1", 100, T0), T0)).isFalse();
        assertThat(store.unflushed("sto", 1, T0.minusSeconds(60), T0.plusSeconds(60)).predictions()).isZero();

        store.baselineArrived(STO_1, Traffic.baseline());

        WindowStats w = store.unflushed("sto", 1, T0.minusSeconds(60), T0.plusSeconds(60));
        assertThat(w.predictions()).isEqualTo(2);
        assertThat(w.profile().rows()).isEqualTo(2);
        assertThat(w.outOfRange()).containsEntry("tz_offset", 1L);
        assertThat(w.classCounts()).containsEntry("w1", 2L);
        assertThat(store.waitingForBaseline()).isEmpty();
    }

    @Test
    void shouldRetryAFailedBaselineOnlyAfterTheRetryDelay() {
        WindowStore store = store(Map.of("rtml.monitor.baseline.retry-after", "30s"));
        observe(store, prediction("r1", 1, "w1", 0, T0), T0);
        store.baselineFailed(STO_1, "registry unreachable", T0);

        assertThat(store.waitingForBaseline()).containsEntry("sto:1", "registry unreachable");
        assertThat(store.claimDueFetches(T0.plusSeconds(10))).isEmpty();
        assertThat(store.claimDueFetches(T0.plusSeconds(31))).containsExactly(STO_1);
        assertThat(store.claimDueFetches(T0.plusSeconds(32))).as("already being fetched").isEmpty();
    }

    @Test
    void shouldKeepOnlyTheNewestWaitingPredictionsBeyondTheLimit() {
        WindowStore store = store(Map.of("rtml.monitor.baseline.max-pending", "3"));
        for (int i = 0; i < 5; i++) {
            observe(store, prediction("r" + i, 1, "w1", 0, T0), T0);
        }
        store.baselineArrived(STO_1, Traffic.baseline());
        assertThat(store.unflushed("sto", 1, T0.minusSeconds(60), T0.plusSeconds(60)).predictions()).isEqualTo(3);
        assertThat(registry.get("rtml_monitor_dropped").tag("reason", "baseline-pending-overflow").counter().count())
                .isEqualTo(2.0);
        assertThat(store.version("sto", 1).orElseThrow().predictions()).as("all were observed").isEqualTo(5);
    }

    @Test
    void shouldAcknowledgeARecordOnlyOnceTheFlushHoldingItHasBeenWritten() {
        WindowStore store = store(Map.of());
        List<String> acked = new ArrayList<>();
        store.observe(prediction("r1", 1, "w1", 0, T0), T0, () -> acked.add("r1"));
        store.label(new GroundTruthEvent("r1", "sto", "w1", T0), T0, () -> acked.add("label r1"));
        assertThat(acked).as("the baseline is not known: r1 is not folded yet").isEmpty();

        store.baselineArrived(STO_1, null);
        WindowStore.FlushBatch batch = store.drain();
        assertThat(acked).as("drained, not yet written").isEmpty();
        assertThat(batch.joinPredictions()).extracting(LabelJoin.PredictionRow::requestId).containsExactly("r1");
        assertThat(batch.joinLabels()).extracting(LabelJoin.LabelRow::label).containsExactly("w1");

        // The write failed: everything goes back, acknowledgements included, and leaves with the next flush.
        store.restore(batch);
        WindowStore.FlushBatch retry = store.drain();
        retry.acks().forEach(Runnable::run);
        assertThat(acked).containsExactlyInAnyOrder("r1", "label r1");
        assertThat(retry.joinPredictions()).hasSize(1);
    }

    @Test
    void shouldAcknowledgeAWaitingPredictionDroppedBeyondTheLimitAtOnce() {
        WindowStore store = store(Map.of("rtml.monitor.baseline.max-pending", "1"));
        List<String> acked = new ArrayList<>();
        store.observe(prediction("r1", 1, "w1", 0, T0), T0, () -> acked.add("r1"));
        store.observe(prediction("r2", 1, "w1", 0, T0), T0, () -> acked.add("r2"));
        assertThat(acked).as("dropped and counted, so nothing is gained by Kafka handing it out again").containsExactly("r1");
    }

    @Test
    void shouldPutPredictionsIntoTumblingBucketsByPredictionTimeAndRestoreAFailedFlush() {
        WindowStore store = store(Map.of("rtml.monitor.bucket", "10s"));
        observe(store, prediction("a", 1, "w1", 0, Instant.parse("2026-01-01T10:00:09.999Z")), T0);
        observe(store, prediction("b", 1, "w1", 0, Instant.parse("2026-01-01T10:00:10Z")), T0);
        store.baselineArrived(STO_1, null);

        WindowStore.FlushBatch batch = store.drain();
        assertThat(batch.buckets().keySet()).extracting(WindowStore.BucketKey::start)
                .containsExactly(Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:00:10Z"));
        observe(store, prediction("c", 1, "w2", 0, Instant.parse("2026-01-01T10:00:01Z")), T0);
        store.restore(batch);

        WindowStats first = store.unflushed("sto", 1, Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:00:10Z"));
        assertThat(first.predictions()).isEqualTo(2);
        assertThat(store.version("sto", 1).orElseThrow().predictions()).isEqualTo(3);
    }

    @Test
    void shouldBoundTheNumberOfVersionsTracked() {
        WindowStore store = store(Map.of("rtml.monitor.limits.max-versions", "1"));
        observe(store, prediction("a", 1, "w1", 0, T0), T0);
        assertThat(observe(store, prediction("b", 2, "w1", 0, T0), T0)).isFalse();
        assertThat(store.versions()).hasSize(1);
    }

    @Test
    void shouldFoldTheOutputAsThePredictionFeature() {
        WindowStore store = store(Map.of());
        DatasetProfile baseline = Traffic.baseline();
        observe(store, prediction("a", 1, "w2", 0, T0), T0);
        store.baselineArrived(STO_1, baseline);
        WindowStats w = store.unflushed("sto", 1, T0.minusSeconds(60), T0.plusSeconds(60));
        assertThat(((io.rtml.contracts.profile.CategoricalProfile) w.profile().feature("__prediction__")).categories())
                .containsEntry("w2", 1L);
    }
}
