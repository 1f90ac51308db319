package io.rtml.monitor.rest;

/**
 * A new alert rule. {@code window} and {@code cooldown} are ISO-8601 durations (default {@code PT5M}
 * and {@code PT15M}); {@code severity} defaults to {@code warning}, {@code action} to {@code none}.
 * Every field is checked by {@link io.rtml.monitor.service.AlertRuleService}, which lists every problem.
 */
public record AlertRuleRequest(String name, String model, String metric, String feature, String operator,
                               Double threshold, String window, String severity, String action, String cooldown) {
}
