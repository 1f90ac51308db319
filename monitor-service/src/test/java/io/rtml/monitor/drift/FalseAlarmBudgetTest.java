package io.rtml.monitor.drift;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FalseAlarmBudgetTest {

    @Test
    void shouldSpreadOneFalseAlarmOverTheEvaluationsOf30Days() {
        // 30 days of 15 s evaluations: 30 · 24 · 60 · 4 = 172,800.
        assertThat(FalseAlarmBudget.evaluationsPer30Days(Duration.ofSeconds(15))).isEqualTo(172_800.0);
        assertThat(FalseAlarmBudget.alphaPerWindow(1, Duration.ofSeconds(15))).isCloseTo(1 / 172_800.0, within(1e-18));
        assertThat(FalseAlarmBudget.alphaPerWindow(3, Duration.ofHours(1))).isCloseTo(3 / 720.0, within(1e-15));
    }

    @Test
    void shouldNeverGiveAnAlphaAboveOne() {
        assertThat(FalseAlarmBudget.alphaPerWindow(100, Duration.ofDays(30))).isEqualTo(1.0);
    }

    @Test
    void shouldRejectABudgetThatIsNotPositiveAndAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> FalseAlarmBudget.alphaPerWindow(0, Duration.ofSeconds(15)))
                .hasMessageContaining("falseAlarmsPer30Days");
        assertThatThrownBy(() -> FalseAlarmBudget.alphaPerWindow(Double.NaN, Duration.ofSeconds(15)))
                .hasMessageContaining("falseAlarmsPer30Days");
        assertThatThrownBy(() -> FalseAlarmBudget.alphaPerWindow(1, Duration.ZERO)).hasMessageContaining("interval");
    }

    @Test
    void shouldRejectABudgetSoSmallThatItsAlphaWouldUnderflowAndKeepTheSmallestOnePositive() {
        assertThat(FalseAlarmBudget.problem(1e-320)).contains("≥ 1.0E-9");
        assertThatThrownBy(() -> FalseAlarmBudget.alphaPerWindow(4.9e-324, Duration.ofSeconds(15)))
                .hasMessageContaining("falseAlarmsPer30Days");
        assertThat(FalseAlarmBudget.problem(FalseAlarmBudget.MIN_FALSE_ALARMS_PER_30_DAYS)).isNull();
        // The smallest budget at the shortest interval a rule can have still tests something.
        assertThat(FalseAlarmBudget.alphaPerWindow(FalseAlarmBudget.MIN_FALSE_ALARMS_PER_30_DAYS, Duration.ofSeconds(1)))
                .isPositive();
    }
}
