package io.rtml.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTableTest {

    private static Measurement rate(long ok, double p50, double p99) {
        return new Measurement(ok, 0, 10, p50, p99, null);
    }

    @Test
    void shouldGiveEachRowItsRateAsAShareOfItsOwnBaseline() {
        ResultTable table = new ResultTable();
        Measurement trivial = rate(100_000, 1, 2);
        table.trivial(trivial);
        table.passThrough(rate(50_000, Double.NaN, Double.NaN));
        table.add(new ResultTable.Row("trivial", "32 conn", trivial, ResultTable.Baseline.TRIVIAL, null));
        table.add(new ResultTable.Row("infer", "32 conn", rate(55_000, 3, 9), ResultTable.Baseline.TRIVIAL,
                Target.ratioAtLeast(0.6)));
        table.add(new ResultTable.Row("stream", "10,000 records", rate(30_000, Double.NaN, Double.NaN),
                ResultTable.Baseline.PASS_THROUGH, Target.ratioAtLeast(0.5)));

        assertThat(table.ratio(table.rows().get(1))).isEqualTo(0.55);
        assertThat(table.ratio(table.rows().get(2))).isEqualTo(0.6);
        assertThat(table.markdown()).contains("| infer | 32 conn | 5,500 | 3.00 | 9.00 | 55 % | ≥ 60 %: missed |")
                .contains("| stream | 10,000 records | 3,000 | — | — | 60 % of raw | ≥ 50 %: met |");
    }

    @Test
    void shouldJudgeLatencyTargetsOnTheirOwnPercentile() {
        Measurement m = rate(10_000, 4, 6);

        assertThat(Target.p99AtMost(5).verdict(m, null)).isEqualTo("missed");
        assertThat(Target.p50AtMost(5).verdict(m, null)).isEqualTo("met");
        assertThat(Target.p99AtMost(5).verdict(Measurement.unavailable("n/a"), null)).isEqualTo("—");
    }

    @Test
    void shouldJudgeAnAggregationRowAgainstTwiceThePlainRowsP99() {
        Measurement plain = rate(1_000, 1, 3);

        assertThat(Target.p99WithinOf(2, plain).verdict(rate(1_000, 2, 5.9), null)).isEqualTo("met");
        assertThat(Target.p99WithinOf(2, plain).verdict(rate(1_000, 2, 6.1), null)).isEqualTo("missed");
        assertThat(Target.p99WithinOf(2, Measurement.unavailable("n/a")).verdict(rate(1_000, 2, 5), null)).isEqualTo("—");
        assertThat(Target.p99WithinOf(2, plain).text()).isEqualTo("p99 ≤ 2× plain (3.00 ms)");
    }

    @Test
    void shouldCountFailedRequestsAsMissingALatencyTargetTheAnsweredOnesMeet() {
        Measurement fastButFailing = new Measurement(9_000, 1_000, 10, 1, 2, null);

        assertThat(Target.p99AtMost(5).verdict(fastButFailing, null)).isEqualTo("missed");
        assertThat(Target.p50AtMost(5).verdict(fastButFailing, null)).isEqualTo("met");
    }

    @Test
    void shouldShowARowThatCouldNotRunWithItsReason() {
        ResultTable table = new ResultTable();
        table.add(new ResultTable.Row("gRPC ModelInfer, 1 row", "32 in flight",
                Measurement.unavailable("n/a (no gRPC port 9083)"), ResultTable.Baseline.TRIVIAL, null));

        assertThat(table.plain()).contains("n/a (no gRPC port 9083)");
        assertThat(table.markdown()).contains("| gRPC ModelInfer, 1 row | 32 in flight | n/a | — | — | — |");
    }
}
