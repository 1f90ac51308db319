package io.rtml.examples.sendtime;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

class EngagementGeneratorTest {

    private static final Instant AS_OF = Instant.parse("2026-11-21T00:00:00Z");
    private static final int N = 5_000;

    private final List<Recipient> baseline = new EngagementGenerator(1, AS_OF).generate(N, RegionMix.BASELINE);
    private final List<Recipient> shifted = new EngagementGenerator(2, AS_OF).generate(N, RegionMix.SHIFTED, "s-", 1);

    private static double ksPValue(List<Recipient> a, List<Recipient> b, ToDoubleFunction<Recipient> f) {
        return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(
                a.stream().mapToDouble(f).toArray(), b.stream().mapToDouble(f).toArray());
    }

    private static double chiSquarePValue(List<Recipient> a, List<Recipient> b, List<String> categories,
                                          java.util.function.Function<Recipient, String> f) {
        long[] ca = new long[categories.size()];
        long[] cb = new long[categories.size()];
        a.forEach(r -> ca[categories.indexOf(f.apply(r))]++);
        b.forEach(r -> cb[categories.indexOf(f.apply(r))]++);
        return new ChiSquareTest().chiSquareTestDataSetsComparison(ca, cb);
    }

    @Test
    void shouldMoveTzOffsetWhenTheRegionMixShifts() {
        assertThat(ksPValue(baseline, shifted, Recipient::tzOffset)).isLessThan(1e-12);
        assertThat(shifted.stream().filter(r -> r.tzOffset() >= 5).count()).isGreaterThan(N / 2);
        assertThat(baseline.stream().filter(r -> r.tzOffset() >= 5).count()).isLessThan(N / 10);
    }

    @Test
    void shouldLeaveEveryOtherNumericFeatureAlone() {
        Map<String, ToDoubleFunction<Recipient>> others = Map.of(
                "opens_30d", r -> r.opens30d(),
                "clicks_30d", r -> r.clicks30d(),
                "days_since_open", r -> r.daysSinceOpen(),
                "usual_open_hour", r -> r.usualOpenHour(),
                "usual_open_weekday", r -> r.usualOpenWeekday());
        others.forEach((name, f) -> assertThat(ksPValue(baseline, shifted, f)).as(name).isGreaterThan(0.001));
    }

    @Test
    void shouldLeaveDeviceAndIndustryAlone() {
        assertThat(chiSquarePValue(baseline, shifted, List.of("mobile", "desktop"), Recipient::device))
                .isGreaterThan(0.001);
        assertThat(chiSquarePValue(baseline, shifted, EngagementGenerator.INDUSTRIES, Recipient::industry))
                .isGreaterThan(0.001);
    }

    @Test
    void shouldMoveTheLabelMixThroughTheUtcConversion() {
        assertThat(chiSquarePValue(baseline, shifted, EngagementGenerator.WINDOWS, Recipient::window))
                .isLessThan(1e-12);
    }

    @Test
    void shouldBeReproducibleForASeed() {
        assertThat(new EngagementGenerator(1, AS_OF).generate(100, RegionMix.BASELINE))
                .isEqualTo(baseline.subList(0, 100));
    }

    @Test
    void shouldKeyRecipientsAndKeepEventTimesInThePastWeek() {
        assertThat(baseline.get(0).entityKey()).isEqualTo("r-1");
        assertThat(shifted.get(N - 1).entityKey()).isEqualTo("s-" + N);
        assertThat(baseline).allSatisfy(r -> assertThat(r.eventTime())
                .isBetween(AS_OF.minusSeconds(7 * 86_400), AS_OF));
    }

    @Test
    void shouldWrapUtcHoursIntoFourHourWindows() {
        assertThat(EngagementGenerator.windowOf(0)).isEqualTo("w0");
        assertThat(EngagementGenerator.windowOf(3.99)).isEqualTo("w0");
        assertThat(EngagementGenerator.windowOf(13)).isEqualTo("w3");
        assertThat(EngagementGenerator.windowOf(-1)).isEqualTo("w5");
        assertThat(EngagementGenerator.windowOf(25)).isEqualTo("w0");
    }
}
