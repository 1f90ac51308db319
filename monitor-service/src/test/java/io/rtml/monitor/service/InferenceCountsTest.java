package io.rtml.monitor.service;

import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.event.Route;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class InferenceCountsTest {

    private static PredictionEvent at(String model, int version, Instant time, double latencyMs) {
        return new PredictionEvent("r", null, model, version, Route.CHAMPION, Map.of(), "a", Map.of(), latencyMs, time);
    }

    @Test
    void shouldCountTheLastMinuteHourAndDayAsABruteForceCountOverTheSameSlots() {
        InferenceCounts counts = new InferenceCounts();
        Instant now = Instant.parse("2026-12-03T12:00:30.500Z");
        Random random = new Random(7);
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // Up to a day and a half back, a few seconds ahead too; those older than a day or ahead count at arrival.
            Instant t = now.minusMillis((long) (random.nextDouble() * Duration.ofHours(36).toMillis()) - 5_000);
            times.add(t.isBefore(now.minus(Duration.ofDays(1))) || t.isAfter(now) ? now : t);
            counts.record(at("m", 1 + i % 2, t, 1.0), now);
        }
        // The oracle: the minute is the 60 whole seconds up to now's second; hour and day are whole minutes.
        long second = now.getEpochSecond();
        long minute = second / 60;
        long lastMinute = times.stream().filter(t -> t.getEpochSecond() > second - 60 && t.getEpochSecond() <= second).count();
        long lastHour = times.stream().filter(t -> t.getEpochSecond() / 60 > minute - 60 && t.getEpochSecond() / 60 <= minute).count();
        long lastDay = times.stream().filter(t -> t.getEpochSecond() / 60 > minute - 1_440 && t.getEpochSecond() / 60 <= minute).count();
        InferenceCounts.Counts c = counts.model("m", now);
        assertThat(c.lastMinute()).isEqualTo(lastMinute).isPositive();
        assertThat(c.lastHour()).isEqualTo(lastHour).isGreaterThan(lastMinute);
        assertThat(c.lastDay()).isEqualTo(lastDay).isLessThan(times.size()).isGreaterThan(lastHour);
        assertThat(counts.versions("m", now).get(1).counts().lastDay()
                + counts.versions("m", now).get(2).counts().lastDay()).isEqualTo(lastDay);
        long[] series = counts.perMinute("m", now, 60);
        assertThat(java.util.Arrays.stream(series).sum()).isEqualTo(lastHour);
    }

    @Test
    void shouldCountAPredictionDatedBeyondADayAtItsArrivalAndReportLatencyQuantiles() {
        InferenceCounts counts = new InferenceCounts();
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        for (int i = 1; i <= 100; i++) {
            counts.record(at("m", 3, now.minus(Duration.ofDays(3)), i), now);
        }
        assertThat(counts.model("m", now).lastMinute()).isEqualTo(100);
        InferenceCounts.VersionTraffic v = counts.versions("m", now).get(3);
        // Nearest rank over 1..100: p50 is the 50th value, p99 the 99th.
        assertThat(v.latencyP50Ms()).isEqualTo(50.0);
        assertThat(v.latencyP99Ms()).isEqualTo(99.0);
        assertThat(v.route()).isEqualTo("champion");
        assertThat(counts.model("unseen", now)).isEqualTo(new InferenceCounts.Counts(0, 0, 0));
    }
}
