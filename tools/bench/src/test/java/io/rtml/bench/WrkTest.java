package io.rtml.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WrkTest {

    private static final String REPORT = """
            Running 10s test @ http://127.0.0.1:8083/v2/health/live
              2 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     2.10ms    1.20ms  41.00ms   90.00%%
                Req/Sec     7.20k   300.00     8.00k    70.00%%
              Latency Distribution
                 50%%  %s
                 75%%    2.50ms
                 90%%    3.10ms
                 99%%  %s
              144000 requests in 10.00s, 20.00MB read
              %s
            Requests/sec:  14400.00
            Transfer/sec:      2.00MB
            """;

    @Test
    void shouldReadRateAndPercentilesInEveryUnitWrkPrints() {
        Measurement m = Wrk.parse(REPORT.formatted("850.00us", "1.20s", ""));

        assertThat(m.perSecond()).isCloseTo(14_400, within(1.0));
        assertThat(m.p50Ms()).isCloseTo(0.85, within(1e-9));
        assertThat(m.p99Ms()).isCloseTo(1_200, within(1e-9));
        assertThat(m.errors()).isZero();
    }

    @Test
    void shouldCountNon2xxAnswersAsFailuresAndLeaveThemOutOfTheRate() {
        Measurement m = Wrk.parse(REPORT.formatted("1.90ms", "41.00ms",
                "Socket errors: connect 0, read 2, write 0, timeout 3\n  Non-2xx or 3xx responses: 14400"));

        assertThat(m.errors()).isEqualTo(14_400 + 5);
        assertThat(m.perSecond()).isCloseTo(12_960, within(1.0));
    }

    @Test
    void shouldSayWhyWhenWrkPrintedNoResult() {
        Measurement m = Wrk.parse("unable to connect to 127.0.0.1:8083 Connection refused");

        assertThat(m.available()).isFalse();
        assertThat(m.note()).contains("Connection refused");
    }
}
