package io.rtml.monitor.rest;

/**
 * A new alert rule. {@code window} and {@code cooldown} are ISO-8601 durations (default {@code PT5M}
 * and {@code PT15M}); {@code severity} defaults to {@code warning}, {@code action} to {@code none}.
 * For {@code feature_drift} only: {@code falseAlarmsPer30Days} (&gt; 0, default
 * {@code rtml.monitor.drift.false-alarms-per-30-days}) and {@code minEffectSize} (PSI ≥ 0, default
 * {@code rtml.monitor.drift.min-effect-size}); {@code operator} and {@code threshold} default to
 * {@code gt} 0 (fire when any feature is drifted). Every field is checked by
 * {@link io.rtml.monitor.service.AlertRuleService}, which lists every problem.
 */
public record AlertRuleRequest(String name, String model, String metric, String feature, String operator,
                               Double threshold, String window, String severity, String action, String cooldown,
                               Double falseAlarmsPer30Days, Double minEffectSize) {
}
