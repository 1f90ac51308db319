package io.rtml.monitor.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.rtml.common.rest.ApiException;
import io.rtml.monitor.config.MonitorConfig;
import io.rtml.monitor.drift.FalseAlarmBudget;
import io.rtml.monitor.entity.Alert;
import io.rtml.monitor.entity.AlertRule;
import io.rtml.monitor.repository.AlertRepository;
import io.rtml.monitor.repository.AlertRuleRepository;
import io.rtml.monitor.rest.AlertRuleRequest;
import io.rtml.monitor.rest.AlertRuleView;
import io.rtml.monitor.rest.AlertView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Stores, lists and deletes alert rules after checking every field; lists fired alerts. */
@ApplicationScoped
public class AlertRuleService {

    /** Same names the registry accepts for models. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
    private static final Set<String> OPERATORS = Set.of("gt", "lt");
    private static final Set<String> SEVERITIES = Set.of("warning", "critical");
    private static final Set<String> ACTIONS = Set.of("none", "rollback", AlertEvaluator.ABORT_CANARY);
    public static final int MAX_ALERTS = 1000;

    private final AlertRuleRepository rules;
    private final AlertRepository alerts;
    private final RuleEvaluations evaluations;
    private final MonitorConfig config;

    public AlertRuleService(AlertRuleRepository rules, AlertRepository alerts, RuleEvaluations evaluations,
                            MonitorConfig config) {
        this.rules = rules;
        this.alerts = alerts;
        this.evaluations = evaluations;
        this.config = config;
    }

    /** 400 listing every invalid field, 409 when the name is taken; nothing is stored on failure. */
    @WithTransaction
    public Uni<AlertRuleView> create(AlertRuleRequest request) {
        AlertRule rule = validate(request);
        return rules.findByName(rule.name).flatMap(existing -> {
            if (existing != null) {
                throw duplicate(rule.name);
            }
            return rules.persistAndFlush(rule);
        }).onFailure(AlertRuleService::isUniqueViolation).transform(e -> duplicate(rule.name))
                .map(this::view);
    }

    @WithSession
    public Uni<List<AlertRuleView>> list() {
        return rules.listByName().map(all -> all.stream().map(this::view).toList());
    }

    @WithSession
    public Uni<AlertRuleView> get(String name) {
        return rules.findByName(name).map(r -> view(require(r, name)));
    }

    /** Deletes the rule; its fired alerts stay listed. */
    @WithTransaction
    public Uni<Void> delete(String name) {
        return rules.findByName(name).flatMap(r -> rules.delete(require(r, name)))
                .invoke(() -> evaluations.remove(name));
    }

    /** Fired alerts, newest first; {@code limit} 1 to {@value #MAX_ALERTS} (default 100). */
    @WithSession
    public Uni<List<AlertView>> alerts(String model, String limitParam) {
        int limit = 100;
        if (limitParam != null && !limitParam.isBlank()) {
            try {
                limit = Integer.parseInt(limitParam.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_ALERTS) {
                throw ApiException.badRequest("'limit' must be a whole number from 1 to " + MAX_ALERTS
                        + ", got '" + limitParam + "'");
            }
        }
        return alerts.recent(model == null || model.isBlank() ? null : model.trim(), limit)
                .map(list -> list.stream().map(AlertRuleService::view).toList());
    }

    AlertRule validate(AlertRuleRequest r) {
        if (r == null) {
            throw ApiException.badRequest("The request needs a JSON body: {\"name\", \"model\", \"metric\", "
                    + "\"operator\", \"threshold\", ...}");
        }
        List<String> problems = new ArrayList<>();
        name("name", r.name(), problems);
        name("model", r.model(), problems);
        AlertMetric metric = null;
        if (r.metric() == null || r.metric().isBlank()) {
            problems.add("'metric' is required: one of " + AlertMetric.choices());
        } else {
            metric = AlertMetric.of(r.metric()).orElse(null);
            if (metric == null) {
                problems.add("'metric' must be one of " + AlertMetric.choices() + ", got '" + r.metric() + "'");
            }
        }
        boolean hasFeature = r.feature() != null && !r.feature().isBlank();
        boolean drift = metric != null && metric.drift();
        if (metric != null && metric.needsFeature() && !hasFeature) {
            problems.add("'feature' is required for metric '" + metric.wire() + "'");
        } else if (metric != null && !metric.needsFeature() && !metric.featureOptional() && hasFeature) {
            problems.add("'feature' applies only to feature_psi, feature_drift and completeness, not to '"
                    + metric.wire() + "'");
        } else if (hasFeature && r.feature().length() > 256) {
            problems.add("'feature' must be at most 256 characters");
        }
        oneOf("operator", r.operator(), OPERATORS, drift ? "gt" : null, problems);
        if (r.threshold() == null) {
            if (!drift) {
                problems.add("'threshold' is required");
            }
        } else if (!Double.isFinite(r.threshold()) || r.threshold() < 0) {
            problems.add("'threshold' must be a finite number ≥ 0, got " + r.threshold());
        } else if (metric != null && metric.share() && r.threshold() > 1) {
            problems.add("'threshold' for '" + metric.wire() + "' is a share and must be at most 1, got " + r.threshold());
        }
        Duration window = duration("window", r.window(), "PT5M", problems);
        if (window != null && (window.compareTo(config.bucket()) < 0 || window.compareTo(config.maxRange()) > 0)) {
            problems.add("'window' must be from one bucket (" + config.bucket() + ") to " + config.maxRange()
                    + ", got " + r.window());
        }
        Duration cooldown = duration("cooldown", r.cooldown(), "PT15M", problems);
        if (cooldown != null && cooldown.isNegative()) {
            problems.add("'cooldown' must not be negative, got " + r.cooldown());
        }
        if (r.falseAlarmsPer30Days() != null && metric != null && !drift) {
            problems.add("'falseAlarmsPer30Days' applies only to feature_drift, not to '" + metric.wire() + "'");
        } else if (r.falseAlarmsPer30Days() != null && FalseAlarmBudget.problem(r.falseAlarmsPer30Days()) != null) {
            problems.add(FalseAlarmBudget.problem(r.falseAlarmsPer30Days()));
        }
        if (r.minEffectSize() != null && metric != null && !drift) {
            problems.add("'minEffectSize' applies only to feature_drift, not to '" + metric.wire() + "'");
        } else if (r.minEffectSize() != null && (!Double.isFinite(r.minEffectSize()) || r.minEffectSize() < 0)) {
            problems.add("'minEffectSize' must be a finite number ≥ 0 (a PSI), got " + r.minEffectSize());
        }
        oneOf("severity", r.severity(), SEVERITIES, "warning", problems);
        oneOf("action", r.action(), ACTIONS, "none", problems);
        if (!problems.isEmpty()) {
            throw new ApiException(400, "Invalid alert rule: " + String.join("; ", problems), problems);
        }
        AlertRule rule = new AlertRule();
        rule.name = r.name();
        rule.model = r.model();
        rule.metric = metric.wire();
        rule.feature = hasFeature ? r.feature() : null;
        rule.operator = blank(r.operator()) ? "gt" : r.operator();
        rule.threshold = r.threshold() == null ? 0 : r.threshold();
        rule.falseAlarmsPer30Days = r.falseAlarmsPer30Days() == null
                ? config.drift().falseAlarmsPer30Days() : r.falseAlarmsPer30Days();
        rule.minEffectSize = r.minEffectSize() == null ? config.drift().minEffectSize() : r.minEffectSize();
        rule.window = blank(r.window()) ? "PT5M" : r.window().trim();
        rule.cooldown = blank(r.cooldown()) ? "PT15M" : r.cooldown().trim();
        rule.severity = blank(r.severity()) ? "warning" : r.severity();
        rule.action = blank(r.action()) ? "none" : r.action();
        rule.createdAt = Instant.now();
        return rule;
    }

    private static void name(String field, String value, List<String> problems) {
        if (blank(value)) {
            problems.add("'" + field + "' is required");
        } else if (!NAME.matcher(value).matches()) {
            problems.add("'" + field + "' must be 1-128 of [a-z0-9._-] starting with a letter or digit, got '"
                    + value + "'");
        }
    }

    private static void oneOf(String field, String value, Set<String> allowed, String fallback, List<String> problems) {
        String choices = String.join("|", allowed.stream().sorted().toList());
        if (blank(value)) {
            if (fallback == null) {
                problems.add("'" + field + "' is required: one of " + choices);
            }
        } else if (!allowed.contains(value)) {
            problems.add("'" + field + "' must be one of " + choices + ", got '" + value + "'");
        }
    }

    private static Duration duration(String field, String value, String fallback, List<String> problems) {
        String text = blank(value) ? fallback : value.trim();
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            problems.add("'" + field + "' must be an ISO-8601 duration such as PT5M, got '" + value + "'");
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static AlertRule require(AlertRule rule, String name) {
        if (rule == null) {
            throw ApiException.notFound("There is no alert rule named '" + name + "'");
        }
        return rule;
    }

    private static ApiException duplicate(String name) {
        return ApiException.conflict("An alert rule named '" + name + "' exists already", null);
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    private AlertRuleView view(AlertRule r) {
        boolean drift = AlertMetric.of(r.metric).map(AlertMetric::drift).orElse(false);
        return new AlertRuleView(r.name, r.model, r.metric, r.feature, r.operator, r.threshold, r.window, r.severity,
                r.action, r.cooldown, drift ? r.falseAlarmsPer30Days : null, drift ? r.minEffectSize : null,
                r.createdAt, r.lastFiredAt, evaluations.get(r.name).orElse(null),
                evaluations.challenger(r.name).orElse(null));
    }

    static AlertView view(Alert a) {
        return new AlertView(a.id, a.rule, a.model, a.version, a.metric, a.feature, a.operator, a.severity, a.value,
                a.threshold, a.window, a.action, a.actionStatus, a.actionResult, a.published, a.firedAt);
    }
}
