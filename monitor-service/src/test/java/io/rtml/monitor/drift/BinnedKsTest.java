package io.rtml.monitor.drift;

import io.rtml.contracts.profile.NumericProfile;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.DoubleStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BinnedKsTest {

    @Test
    void shouldEqualCommonsMathKsStatisticOnRawSamplesWhenEveryValueHasItsOwnBin() {
        Random random = new Random(7);
        double[] x = random.doubles(200).map(v -> v * 10).toArray();
        double[] y = DoubleStream.generate(() -> random.nextGaussian() * 3 + 5).limit(300).toArray();
        // Edges at every distinct value: value v falls in the bin [v, next value), alone.
        double[] edges = DoubleStream.concat(Arrays.stream(x), Arrays.stream(y)).sorted().distinct().toArray();
        NumericProfile px = NumericProfile.withEdges(edges);
        NumericProfile py = NumericProfile.withEdges(edges);
        Arrays.stream(x).forEach(px::add);
        Arrays.stream(y).forEach(py::add);

        KolmogorovSmirnovTest commons = new KolmogorovSmirnovTest();
        double raw = commons.kolmogorovSmirnovStatistic(x, y);
        TestResult binned = BinnedKs.test(px.counts(), py.counts());

        assertThat(raw).isGreaterThan(0.05);
        assertThat(binned.statistic()).isCloseTo(raw, within(1e-12));
        assertThat(binned.pValue()).isCloseTo(commons.approximateP(raw, 200, 300), within(1e-12));
    }

    @Test
    void shouldGiveAStatisticNoLargerThanTheRawOneWithCoarseBins() {
        Random random = new Random(11);
        double[] x = random.doubles(500).toArray();
        double[] y = random.doubles(500).map(v -> v * v).toArray();
        NumericProfile px = NumericProfile.withEdges(0.2, 0.4, 0.6, 0.8);
        NumericProfile py = NumericProfile.withEdges(0.2, 0.4, 0.6, 0.8);
        Arrays.stream(x).forEach(px::add);
        Arrays.stream(y).forEach(py::add);
        assertThat(BinnedKs.statistic(px.counts(), py.counts()))
                .isLessThanOrEqualTo(new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(x, y) + 1e-12);
    }
}
