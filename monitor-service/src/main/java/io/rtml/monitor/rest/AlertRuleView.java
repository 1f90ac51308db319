package io.rtml.monitor.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A stored alert rule and, once the evaluator has looked at it, its latest evaluation
 * ({@code state}: {@code firing}, {@code ok} or {@code no-data}). {@code falseAlarmsPer30Days} and
 * {@code minEffectSize} are {@code null} for metrics other than {@code feature_drift}. {@code evaluation} is
 * against the model's champion, {@code challengerEvaluation} against the challenger of its active route
 * ({@code null} while the route is off).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AlertRuleView(String name, String model, String metric, String feature, String operator, double threshold,
                            String window, String severity, String action, String cooldown,
                            Double falseAlarmsPer30Days, Double minEffectSize, Instant createdAt,
                            Instant lastFiredAt, Evaluation evaluation, Evaluation challengerEvaluation) {

    /**
     * @param state   {@code firing} (the condition holds, whether or not the rule is in cooldown), {@code ok}
     *                or {@code no-data}
     * @param version the model version evaluated; null when the monitor has seen no prediction of the model
     *                or the registry names no champion
     * @param value   the metric's value; null when there is no data
     * @param reason  why there is no data
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Evaluation(String state, Integer version, Double value, String reason, Instant evaluatedAt) {
    }
}
