package io.rtml.monitor.concept;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each detector on Bernoulli error streams: stationary ones (no change anywhere: every detection is a
 * false positive) and ones whose error rate rises by 0.3 σ of the error (σ = sqrt(p(1 − p))) at a known
 * point. Targets (issue 8, item 4): at most 0.3 false positives per 40,000 events, averaged over seeds, and
 * the rise caught within 1,000 labelled events in at least 93 % of the streams.
 */
class ChangeDetectorsTest {

    static final int STATIONARY_EVENTS = 40_000;
    static final int STATIONARY_SEEDS = 20;
    static final int CHANGE_AT = 5_000;
    static final int CHANGE_SEEDS = 30;

    record Kind(String name, Supplier<ChangeDetector> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> detectors() {
        return Stream.of(new Kind("page_hinkley", ConceptDriftDetectors::pageHinkley),
                new Kind("adwin", ConceptDriftDetectors::adwin),
                new Kind("hddm_a", ConceptDriftDetectors::hddmA));
    }

    static int detections(ChangeDetector d, Random random, double p, int events) {
        int found = 0;
        for (int i = 0; i < events; i++) {
            if (d.add(random.nextDouble() < p ? 1 : 0)) {
                found++;
            }
        }
        return found;
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void shouldRaiseAtMostThreeTenthsOfAFalseAlarmPer40000EventsOfAStationaryStream(Kind kind) {
        for (double p : List.of(0.1, 0.2, 0.4)) {
            long total = 0;
            for (int seed = 0; seed < STATIONARY_SEEDS; seed++) {
                total += detections(kind.make().get(), new Random(1000 + seed), p, STATIONARY_EVENTS);
            }
            double perStream = (double) total / STATIONARY_SEEDS;
            System.out.printf("%s stationary p=%.2f: %.2f detections per %d events%n", kind, p, perStream, STATIONARY_EVENTS);
            assertThat(perStream).as(kind + " at p=" + p).isLessThanOrEqualTo(0.3);
        }
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void shouldCatchAThreeTenthsSigmaRiseOfTheErrorRateWithin1000LabelledEvents(Kind kind) {
        for (double p : List.of(0.1, 0.2, 0.4)) {
            double risen = p + 0.3 * Math.sqrt(p * (1 - p));
            int caught = 0;
            long delays = 0;
            for (int seed = 0; seed < CHANGE_SEEDS; seed++) {
                Random random = new Random(5000 + seed);
                ChangeDetector d = kind.make().get();
                detections(d, random, p, CHANGE_AT);
                for (int i = 1; i <= 1000; i++) {
                    if (d.add(random.nextDouble() < risen ? 1 : 0)) {
                        caught++;
                        delays += i;
                        break;
                    }
                }
            }
            System.out.printf("%s rise %.3f -> %.3f: caught %d of %d within 1000 (mean delay %.0f)%n", kind, p, risen,
                    caught, CHANGE_SEEDS, caught == 0 ? Double.NaN : (double) delays / caught);
            assertThat((double) caught / CHANGE_SEEDS).as(kind + " from p=" + p).isGreaterThanOrEqualTo(0.93);
        }
    }
}
