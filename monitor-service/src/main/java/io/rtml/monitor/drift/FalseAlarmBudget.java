package io.rtml.monitor.drift;

import java.time.Duration;

/**
 * Turns "at most this many false alarms in 30 days" into the significance level of one evaluated
 * window: {@code alpha = budget / (30 days / evaluation interval)}, capped at 1.
 *
 * <p>By the union bound, testing every evaluation at that level keeps the expected number of
 * evaluations that raise a false alarm in 30 days at or below the budget, however the windows overlap
 * (overlapping windows are correlated, which only makes the bound more conservative). Within one
 * evaluation the level is shared across the features with {@link Holm}.
 */
public final class FalseAlarmBudget {

    public static final Duration PERIOD = Duration.ofDays(30);

    private FalseAlarmBudget() {
    }

    /** Evaluations in 30 days, one every {@code interval}. */
    public static double evaluationsPer30Days(Duration interval) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("the evaluation interval must be positive, got " + interval);
        }
        return (double) PERIOD.toNanos() / interval.toNanos();
    }

    /** The per-window significance level for {@code falseAlarmsPer30Days} (> 0) at one evaluation per {@code interval}. */
    public static double alphaPerWindow(double falseAlarmsPer30Days, Duration interval) {
        if (!(falseAlarmsPer30Days > 0) || Double.isInfinite(falseAlarmsPer30Days)) {
            throw new IllegalArgumentException("falseAlarmsPer30Days must be a finite number > 0, got "
                    + falseAlarmsPer30Days);
        }
        return Math.min(1.0, falseAlarmsPer30Days / evaluationsPer30Days(interval));
    }
}
