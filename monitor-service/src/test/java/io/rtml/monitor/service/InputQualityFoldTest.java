package io.rtml.monitor.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.event.Route;
import io.rtml.monitor.config.MonitorConfig;
import io.rtml.monitor.entity.WindowBucket;
import io.rtml.monitor.quality.InputQuality;
import io.rtml.monitor.service.WindowStore.VersionKey;
import io.rtml.monitor.support.Traffic;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The quality counters of the fold, checked against counts made row by row from the generated inputs. */
class InputQualityFoldTest {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    static WindowStore store(int lookback) {
        MonitorConfig config = new SmallRyeConfigBuilder()
                .withMapping(MonitorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(Map.of("rtml.monitor.quality.duplicate-lookback", String.valueOf(lookback)))
                .build()
                .getConfigMapping(MonitorConfig.class);
        WindowStore store = new WindowStore(config, new MonitorMetrics(new SimpleMeterRegistry()));
        store.observe(event("warm-up", Map.of(), T0), T0, () -> { });
        store.baselineArrived(new VersionKey("sto", 1), Traffic.baseline());
        return store;
    }

    static PredictionEvent event(String id, Map<String, Object> inputs, Instant time) {
        return new PredictionEvent(id, "t1", "sto", 1, Route.CHAMPION, inputs, "w1", Map.of("w1", 0.6), 1.0, time);
    }

    @Test
    void shouldCountTypeMismatchesApartFromMissingValuesAndMeasureTextInputs() {
        WindowStore store = store(0);
        Random random = new Random(5);
        long mismatchedTz = 0;
        long missingTz = 0;
        long mismatchedDevice = 0;
        long subjectChars = 0;
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            Map<String, Object> inputs = new HashMap<>();
            double u = random.nextDouble();
            if (u < 0.05) {
                inputs.put("tz_offset", "not-a-number");
                mismatchedTz++;
            } else if (u < 0.12) {
                inputs.put("tz_offset", null);
                missingTz++;
            } else if (u < 0.15) {
                missingTz++; // absent
            } else {
                inputs.put("tz_offset", random.nextGaussian());
            }
            if (random.nextDouble() < 0.02) {
                inputs.put("device", List.of("mobile", "tablet"));
                mismatchedDevice++;
            } else {
                inputs.put("device", Traffic.DEVICES[random.nextInt(3)]);
            }
            inputs.put("opens_30d", random.nextInt(30));
            String subject = "x".repeat(1 + random.nextInt(120));
            inputs.put("subject", subject);
            subjectChars += subject.length();
            shortest = Math.min(shortest, subject.length());
            longest = Math.max(longest, subject.length());
            store.observe(event("r" + i, inputs, T0.plusMillis(i)), T0, () -> { });
        }
        WindowStats w = store.unflushed("sto", 1, T0.minusSeconds(60), T0.plusSeconds(60));
        InputQuality q = w.quality();

        assertThat(q.typeMismatches()).containsEntry("tz_offset", mismatchedTz).containsEntry("device", mismatchedDevice)
                .doesNotContainKey("opens_30d");
        // The profile counts the mismatches as missing; without them what is left is the absent and null values.
        assertThat(w.profile().feature("tz_offset").missing() - mismatchedTz).isEqualTo(missingTz + 1); // + the warm-up row
        assertThat(q.textLengths().get("subject").count()).isEqualTo(n);
        assertThat(q.textLengths().get("subject").total()).isEqualTo(subjectChars);
        assertThat(q.textLengths().get("subject").min()).isEqualTo(shortest);
        assertThat(q.textLengths().get("subject").max()).isEqualTo(longest);
        assertThat(q.textLengths().get("device").count()).isEqualTo(n - mismatchedDevice);
        assertThat(q.constantValue("tz_offset")).isNull();
    }

    @Test
    void shouldFindAConstantInputAcrossBucketsAndLoseItWhenOneValueDiffers() {
        WindowStore store = store(0);
        for (int i = 0; i < 50; i++) {
            // "12" and 12 are the same number by the one numeric rule.
            Object opens = i % 2 == 0 ? 12 : "12";
            store.observe(event("c" + i, Map.of("opens_30d", opens, "device", "mobile", "tz_offset", i * 0.1),
                    T0.plusSeconds(i)), T0, () -> { });
        }
        WindowStats w = store.unflushed("sto", 1, T0.minusSeconds(60), T0.plusSeconds(120));
        assertThat(w.quality().constantValue("opens_30d")).isEqualTo("12.0");
        assertThat(w.quality().constantValue("device")).isEqualTo("mobile");
        assertThat(w.quality().constantValue("tz_offset")).isNull();

        store.observe(event("d", Map.of("opens_30d", 13, "device", "mobile"), T0.plusSeconds(100)), T0, () -> { });
        WindowStats after = store.unflushed("sto", 1, T0.minusSeconds(60), T0.plusSeconds(120));
        assertThat(after.quality().constantValue("opens_30d")).isNull();
        assertThat(after.quality().constantValue("device")).isEqualTo("mobile");
    }

    @Test
    void shouldCountRowsThatRepeatOneOfTheRecentRowsOfTheVersion() {
        int lookback = 100;
        WindowStore store = store(lookback);
        Random random = new Random(9);
        List<Map<String, Object>> sent = new ArrayList<>();
        long duplicates = 0;
        for (int i = 0; i < 3_000; i++) {
            Map<String, Object> inputs = random.nextDouble() < 0.3 && !sent.isEmpty()
                    ? sent.get(Math.max(0, sent.size() - 1 - random.nextInt(300)))
                    : Map.of("opens_30d", random.nextInt(1_000_000), "device", "mobile");
            // Brute force: is an equal row among the previous `lookback` rows?
            Set<Map<String, Object>> recent = new HashSet<>(sent.subList(Math.max(0, sent.size() - lookback), sent.size()));
            duplicates += recent.contains(inputs) ? 1 : 0;
            sent.add(inputs);
            store.observe(event("d" + i, inputs, T0.plusMillis(i * 10L)), T0, () -> { });
        }
        assertThat(duplicates).isPositive();
        assertThat(store.unflushed("sto", 1, T0.minusSeconds(60), T0.plusSeconds(120)).quality().duplicates())
                .isEqualTo(duplicates);
    }

    @Test
    void shouldReadBucketsStoredBeforeTheQualityAndConfidenceColumnsExisted() throws Exception {
        StatsCodec codec = new StatsCodec(new ObjectMapper());
        WindowBucket old = new WindowBucket();
        old.profile = null;
        old.outOfRange = "{}";
        old.classCounts = "{\"w1\":3}";
        old.predictions = 3;
        old.labelled = 2;
        old.correct = 1;
        WindowStats read = codec.read(old);
        assertThat(read.predictions()).isEqualTo(3);
        assertThat(read.confidence().scored()).isZero();
        assertThat(read.quality().duplicates()).isZero();

        WindowStore store = store(10);
        store.observe(event("a", Map.of("opens_30d", "x", "subject", "hello"), T0), T0, () -> { });
        store.observe(event("b", Map.of("opens_30d", "x", "subject", "hello"), T0), T0, () -> { });
        WindowStats live = store.unflushed("sto", 1, T0.minusSeconds(60), T0.plusSeconds(60));
        codec.write(live, old);
        WindowStats back = codec.read(old);
        assertThat(back.confidence().scored()).isEqualTo(3);
        assertThat(back.quality().typeMismatches()).containsEntry("opens_30d", 2L);
        assertThat(back.quality().textLengths().get("subject").total()).isEqualTo(10);
        assertThat(back.quality().duplicates()).isEqualTo(1);
    }
}
