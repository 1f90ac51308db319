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
    /**
     * The smallest budget taken: one false alarm in 2.5 million years. Anything smaller makes the per-window
     * significance underflow towards 0 (1e-320 divided by the evaluations in 30 days is 0.0), which no test reaches.
     */
    public static final double MIN_FALSE_ALARMS_PER_30_DAYS = 1e-9;

    private FalseAlarmBudget() {
    }

    /** Evaluations in 30 days, one every {@code interval}. */
    public static double evaluationsPer30Days(Duration interval) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("the evaluation interval must be positive, got " + interval);
        }
        return (double) PERIOD.toNanos() / interval.toNanos();
    }

    /** What is wrong with {@code falseAlarmsPer30Days} as a budget, or null when it is one. */
    public static String problem(double falseAlarmsPer30Days) {
        return Double.isFinite(falseAlarmsPer30Days) && falseAlarmsPer30Days >= MIN_FALSE_ALARMS_PER_30_DAYS ? null
                : "'falseAlarmsPer30Days' must be a finite number ≥ " + MIN_FALSE_ALARMS_PER_30_DAYS + ", got "
                + falseAlarmsPer30Days;
    }

    /** The per-window significance level for {@code falseAlarmsPer30Days} at one evaluation per {@code interval}. */
    public static double alphaPerWindow(double falseAlarmsPer30Days, Duration interval) {
        String problem = problem(falseAlarmsPer30Days);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return Math.min(1.0, falseAlarmsPer30Days / evaluationsPer30Days(interval));
    }
}
