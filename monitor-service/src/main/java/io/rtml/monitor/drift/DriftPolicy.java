package io.rtml.monitor.drift;

/**
 * How drift is decided for one evaluation: {@code alpha}, the family-wise significance level of the
 * window (from {@link FalseAlarmBudget}), shared across the features tested with {@link Holm}; and
 * {@code minEffectSize}, the PSI below which a significant shift is still not called drift (0: any
 * significant shift is).
 */
public record DriftPolicy(double alpha, double minEffectSize) {

    public DriftPolicy {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        if (!(minEffectSize >= 0) || Double.isInfinite(minEffectSize)) {
            throw new IllegalArgumentException("minEffectSize must be a finite number ≥ 0, got " + minEffectSize);
        }
    }

    public static DriftPolicy of(double alpha) {
        return new DriftPolicy(alpha, 0);
    }
}
