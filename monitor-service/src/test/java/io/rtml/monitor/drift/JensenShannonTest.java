package io.rtml.monitor.drift;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class JensenShannonTest {

    @Test
    void shouldBeZeroForEqualSharesOneForDisjointOnesAndSymmetric() {
        assertThat(JensenShannon.distance(new long[] {2, 4, 6}, new long[] {10, 20, 30})).isCloseTo(0, within(1e-12));
        assertThat(JensenShannon.distance(new long[] {5, 0}, new long[] {0, 7})).isCloseTo(1, within(1e-12));
        long[] a = {3, 1, 9, 0};
        long[] b = {1, 5, 2, 2};
        assertThat(JensenShannon.distance(a, b)).isCloseTo(JensenShannon.distance(b, a), within(1e-15));
        assertThat(JensenShannon.distance(a, new long[4])).isNaN();
    }

    @Test
    void shouldMatchTheDefinitionOnTwoBins() {
        // p = (1/2, 1/2), q = (1, 0): JSD = H(m) − (H(p) + H(q)) / 2 with m = (3/4, 1/4), in bits.
        double h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) / Math.log(2);
        double jsd = h - 0.5;
        assertThat(JensenShannon.distance(new long[] {1, 1}, new long[] {4, 0})).isCloseTo(Math.sqrt(jsd), within(1e-12));
    }
}
