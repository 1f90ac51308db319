package io.rtml.monitor.drift;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PsiTest {

    @Test
    void shouldMatchPsiWorkedByHandOnThreeBins() {
        // shares 0.5/0.3/0.2 vs 0.3/0.3/0.4:
        // (0.3-0.5)·ln(0.3/0.5) + 0 + (0.4-0.2)·ln(0.4/0.2) = 0.10216512 + 0.13862944
        assertThat(Psi.of(new long[] {50, 30, 20}, new long[] {30, 30, 40})).isCloseTo(0.2407945608651872, within(1e-12));
    }

    @Test
    void shouldFloorAnEmptyBinAtEpsilonInsteadOfGoingInfinite() {
        // expected shares 1 and 0 → 1 and 1e-4: (0.5-1)·ln(0.5) + (0.5-1e-4)·ln(0.5/1e-4)
        assertThat(Psi.of(new long[] {10, 0}, new long[] {5, 5})).isCloseTo(4.60431846666895, within(1e-12));
    }

    @Test
    void shouldBeZeroForIdenticalSharesAndUndefinedForAnEmptySide() {
        assertThat(Psi.of(new long[] {10, 20, 0}, new long[] {1, 2, 0})).isEqualTo(0.0);
        assertThat(Psi.of(new long[] {10, 20}, new long[] {0, 0})).isNaN();
    }
}
