package io.rtml.monitor.service;

import io.micrometer.core.instrument.Tags;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.event.AlertEvent;
import io.rtml.contracts.event.Route;
import io.rtml.monitor.config.MonitorConfig;
import io.rtml.monitor.entity.Alert;
import io.rtml.monitor.drift.DriftPolicy;
import io.rtml.monitor.entity.AlertRule;
import io.rtml.monitor.repository.AlertRepository;
import io.rtml.monitor.repository.AlertRuleRepository;
import io.rtml.monitor.rest.AlertRuleView.Evaluation;
import io.rtml.monitor.rest.DriftReport;
import io.rtml.monitor.rest.QualityReport.FeatureQuality;
import io.rtml.monitor.service.ReportService.Window;
import io.rtml.monitor.service.WindowStore.VersionInfo;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every {@code rtml.monitor.alerts.interval} computes each rule's metric over its window ending now, for
 * the versions serving its model ({@link ServingVersions}: the champion, and the challenger while a route
 * is active), with the same {@link ReportService} code the
 * REST reports use. When the condition holds and the rule is out of cooldown it stores the alert (and the
 * rule's new cooldown start) in one transaction, publishes an {@link AlertEvent} on {@code rtml.alerts}
 * keyed by model, counts it and runs the rule's action, then records what the action did.
 */
@ApplicationScoped
public class AlertEvaluator {

    public static final String CHANNEL = "alerts-out";
    /** The action that drops a misbehaving challenger (canary or shadow) and leaves the champion alone. */
    static final String ABORT_CANARY = "abort-canary";
    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);

    private final AlertRuleRepository rules;
    private final AlertRepository alerts;
    private final WindowStore store;
    private final ReportService reports;
    private final RollbackAction rollback;
    private final MonitorMetrics metrics;
    private final RuleEvaluations evaluations;
    private final ServingVersions serving;
    private final ConceptDriftService concept;
    private final MutinyEmitter<AlertEvent> emitter;
    private final int minRows;
    private final Set<Tags> firingGauges = new HashSet<>();

    public AlertEvaluator(AlertRuleRepository rules, AlertRepository alerts, WindowStore store, ReportService reports,
                          RollbackAction rollback, MonitorMetrics metrics, RuleEvaluations evaluations,
                          ServingVersions serving, ConceptDriftService concept,
                          MonitorConfig config, @Channel(CHANNEL) MutinyEmitter<AlertEvent> emitter) {
        this.rules = rules;
        this.alerts = alerts;
        this.store = store;
        this.reports = reports;
        this.rollback = rollback;
        this.metrics = metrics;
        this.evaluations = evaluations;
        this.serving = serving;
        this.concept = concept;
        this.emitter = emitter;
        this.minRows = config.alerts().minRows();
    }

    @Scheduled(every = "${rtml.monitor.alerts.interval:15s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> evaluateAll() {
        Instant now = Instant.now();
        return Panache.withSession(rules::listByName)
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(rule -> evaluate(rule, now)
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("Alert rule '%s' could not be evaluated: %s", rule.name, e.getMessage());
                            return rule;
                        }))
                .collect().asList()
                .invoke(this::publishFiring)
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Alert evaluation failed, trying again next interval: %s", e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * Evaluates one rule against the versions serving its model: the registry's champion and, while the
     * model's route is active, its challenger (never "the newest version seen"). Completes with the rule
     * once any firing is stored and its action done.
     */
    Uni<AlertRule> evaluate(AlertRule rule, Instant now) {
        if (store.newest(rule.model).isEmpty()) {
            evaluations.put(rule.name, Route.CHAMPION, new Evaluation("no-data", null, null,
                    "the monitor has seen no prediction of model '" + rule.model + "'", now));
            evaluations.clearChallenger(rule.name);
            return Uni.createFrom().item(rule);
        }
        return serving.of(rule.model).onItemOrFailure().transformToUni((s, failure) -> {
            if (failure != null || s.champion() == null) {
                evaluations.put(rule.name, Route.CHAMPION, new Evaluation("no-data", null, null, failure != null
                        ? failure.getMessage()
                        : "model '" + rule.model + "' has no champion in the registry", now));
                evaluations.clearChallenger(rule.name);
                return Uni.createFrom().item(rule);
            }
            Uni<Void> champion = evaluate(rule, s.champion(), Route.CHAMPION, now);
            if (s.challenger() == null) {
                evaluations.clearChallenger(rule.name);
                return champion.replaceWith(rule);
            }
            return champion.chain(() -> evaluate(rule, s.challenger(), Route.CHALLENGER, now)).replaceWith(rule);
        });
    }

    private Uni<Void> evaluate(AlertRule rule, int versionNumber, Route route, Instant now) {
        String role = route == Route.CHALLENGER ? "challenger" : "champion";
        Optional<VersionInfo> seen = store.version(rule.model, versionNumber);
        if (seen.isEmpty()) {
            evaluations.put(rule.name, route, new Evaluation("no-data", versionNumber, null,
                    "the monitor has seen no prediction of version " + versionNumber + " (the " + role + ")", now));
            return Uni.createFrom().voidItem();
        }
        VersionInfo version = seen.get();
        Instant from = now.minus(Duration.parse(rule.window));
        return reports.stats(version.model(), version.version(), from, now).flatMap(stats -> {
            Window window = new Window(version, from, now, stats);
            Measurement m = measure(rule, window);
            if (m.value() == null) {
                evaluations.put(rule.name, route, new Evaluation("no-data", version.version(), null, m.reason(), now));
                return Uni.createFrom().voidItem();
            }
            boolean holds = "gt".equals(rule.operator) ? m.value() > rule.threshold : m.value() < rule.threshold;
            evaluations.put(rule.name, route,
                    new Evaluation(holds ? "firing" : "ok", version.version(), m.value(), null, now));
            if (!holds || inCooldown(rule, now)) {
                return Uni.createFrom().voidItem();
            }
            return fire(rule, version.version(), route, m.value(), now);
        });
    }

    /** A metric's value, or why there is none. */
    record Measurement(Double value, String reason) {
        static Measurement none(String reason) {
            return new Measurement(null, reason);
        }
    }

    Measurement measure(AlertRule rule, Window w) {
        AlertMetric metric = AlertMetric.of(rule.metric).orElseThrow();
        long rows = w.stats().predictions();
        if (metric == AlertMetric.PREDICTION_VOLUME) {
            return new Measurement((double) rows, null);
        }
        if (metric == AlertMetric.CONCEPT_DRIFT) {
            // The detectors decide on the label stream itself; the window only bounds which detections count.
            return new Measurement((double) concept.detections(w.version().model(), w.version().version(), w.from())
                    .size(), null);
        }
        if (rows < minRows && !metric.drift()) {
            return Measurement.none(rows + " predictions of version " + w.version().version()
                    + " in the window, fewer than the " + minRows + " a rule needs");
        }
        try {
            return switch (metric) {
                case FEATURE_PSI -> reports.drift(w).features().stream()
                        .filter(f -> f.feature().equals(rule.feature)).findFirst()
                        .map(f -> f.psi() == null
                                ? Measurement.none("no non-missing value of '" + rule.feature + "' in the window")
                                : new Measurement(f.psi(), null))
                        .orElse(Measurement.none("the baseline has no feature '" + rule.feature + "'"));
                case FEATURE_DRIFT -> featureDrift(rule, w);
                case PREDICTION_PSI -> {
                    Double psi = reports.drift(w).prediction().psi();
                    yield psi == null ? Measurement.none("the baseline has no __prediction__ distribution")
                            : new Measurement(psi, null);
                }
                case LIVE_ACCURACY -> {
                    var performance = reports.performance(w);
                    yield performance.labelled() == 0 ? Measurement.none("no labelled predictions in the window")
                            : performance.labelled() < minRows
                            ? Measurement.none(performance.labelled() + " labelled predictions in the window, fewer than the "
                                    + minRows + " a rule needs")
                            : new Measurement(performance.accuracy(), null);
                }
                case COMPLETENESS -> reports.quality(w).features().stream()
                        .filter(f -> f.feature().equals(rule.feature)).findFirst()
                        .map(FeatureQuality::completeness).map(c -> new Measurement(c, null))
                        .orElse(Measurement.none("the baseline has no feature '" + rule.feature + "'"));
                case PREDICTION_VOLUME, CONCEPT_DRIFT -> throw new IllegalStateException("handled above");
            };
        } catch (ApiException e) {
            // No baseline profile (409) or not fetched yet (503): drift and quality cannot be computed.
            return Measurement.none(e.getMessage());
        }
    }

    /**
     * Drifted features by the p-value rule at the rule's budget: all of them as one Holm family, or the
     * named one alone. Needs no {@code min-rows}: the tests' p-values are right at every window size.
     */
    private Measurement featureDrift(AlertRule rule, Window w) {
        DriftPolicy policy = reports.policy(rule.falseAlarmsPer30Days, rule.minEffectSize);
        if (rule.feature == null) {
            DriftReport report = reports.drift(w, policy);
            return report.features().stream().allMatch(f -> f.pValue() == null)
                    ? Measurement.none("no non-missing feature value in the window")
                    : new Measurement((double) report.driftedFeatures().size(), null);
        }
        return reports.featureDrift(w, rule.feature, policy)
                .map(f -> f.pValue() == null
                        ? Measurement.none("no non-missing value of '" + rule.feature + "' in the window")
                        : new Measurement(f.drifted() ? 1.0 : 0.0, null))
                .orElse(Measurement.none("the baseline has no feature '" + rule.feature + "'"));
    }

    private static boolean inCooldown(AlertRule rule, Instant now) {
        return rule.lastFiredAt != null && rule.lastFiredAt.plus(Duration.parse(rule.cooldown)).isAfter(now);
    }

    private Uni<Void> fire(AlertRule snapshot, int version, Route route, double value, Instant now) {
        Instant notAfter = now.minus(Duration.parse(snapshot.cooldown));
        return Panache.withTransaction(() -> rules.claimFiring(snapshot.name, now, notAfter).flatMap(claimed ->
                        // 0: the rule was deleted, or fired meanwhile (another run or replica) and is in cooldown.
                        claimed == 0 ? Uni.createFrom().<Alert>nullItem()
                                : alerts.persist(alert(snapshot, version, value, now))))
                .onItem().ifNotNull().transformToUni(alert -> {
                    metrics.alertFired(alert.model, alert.severity);
                    LOG.infof("Alert rule '%s' fired for %s v%d: %s %s %s %s", alert.rule, alert.model, version,
                            alert.metric, value, alert.operator, alert.threshold);
                    return publish(alert).flatMap(published -> act(snapshot, alert, route)
                            .flatMap(result -> record(alert.id, published, result)));
                })
                .replaceWithVoid();
    }

    private static Alert alert(AlertRule rule, int version, double value, Instant now) {
        Alert a = new Alert();
        a.rule = rule.name;
        a.model = rule.model;
        a.version = version;
        a.metric = rule.metric;
        a.feature = rule.feature;
        a.operator = rule.operator;
        a.severity = rule.severity;
        a.value = value;
        a.threshold = rule.threshold;
        a.window = rule.window;
        a.action = rule.action;
        a.actionStatus = "none".equals(rule.action) ? "none" : "pending";
        a.firedAt = now;
        return a;
    }

    private Uni<Boolean> publish(Alert a) {
        AlertEvent event = new AlertEvent(a.rule, a.model, a.version, a.severity, a.value, a.threshold, a.window,
                a.action, a.firedAt);
        return emitter.sendMessage(Message.of(event)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(a.model).build()))
                .ifNoItem().after(Duration.ofSeconds(10)).fail()
                .replaceWith(true)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Alert %d of rule '%s' was stored but not published to Kafka: %s", a.id, a.rule,
                            e.getMessage());
                    return false;
                });
    }

    private Uni<RollbackAction.Result> act(AlertRule rule, Alert a, Route route) {
        String reason = String.format(Locale.ROOT, "rule %s: %s %s %s %s", rule.name, describe(a), a.value,
                "gt".equals(a.operator) ? ">" : "<", a.threshold);
        if (ABORT_CANARY.equals(a.action)) {
            if (route != Route.CHALLENGER) {
                // Dropping the challenger would not touch the version that misbehaves here: the champion.
                return Uni.createFrom().item(new RollbackAction.Result("skipped", "the alert is about champion version "
                        + a.version + "; abort-canary drops the challenger, so it was not run"));
            }
            return rollback.abortCanary(a.model, reason).onFailure().recoverWithItem(RollbackAction::unreachable)
                    .invoke(r -> LOG.infof("Abort of %s's challenger v%d by rule '%s': %s %s", a.model, a.version,
                            rule.name, r.status(), r.detail()));
        }
        if (!"rollback".equals(a.action)) {
            return Uni.createFrom().nullItem();
        }
        if (route == Route.CHALLENGER) {
            // A rollback moves the champion alias; the version that misbehaves here is not the champion.
            return Uni.createFrom().item(new RollbackAction.Result("skipped", "the alert is about challenger version "
                    + a.version + "; a rollback moves the champion, so it was not run"));
        }
        return rollback.rollback(a.model, reason).onFailure().recoverWithItem(RollbackAction::unreachable)
                .invoke(r -> LOG.infof("Rollback of %s by rule '%s': %s %s", a.model, rule.name, r.status(), r.detail()));
    }

    private static String describe(Alert a) {
        return a.feature == null ? a.metric : a.metric + "(" + a.feature + ")";
    }

    private Uni<Void> record(long alertId, boolean published, RollbackAction.Result result) {
        return Panache.withTransaction(() -> alerts.findById(alertId).invoke(a -> {
            a.published = published;
            if (result != null) {
                a.actionStatus = result.status();
                a.actionResult = result.detail();
            }
        })).replaceWithVoid();
    }

    /** {@code rtml_alerts_firing{model,severity}}: rules whose condition holds now; 0 once none does. */
    private void publishFiring(List<AlertRule> evaluated) {
        evaluations.retain(evaluated.stream().map(r -> r.name).collect(Collectors.toSet()));
        Map<Tags, Integer> firing = new HashMap<>();
        for (AlertRule r : evaluated) {
            Tags tags = Tags.of("model", r.model, "severity", r.severity);
            firingGauges.add(tags);
            if (evaluations.firing(r.name)) {
                firing.merge(tags, 1, Integer::sum);
            }
        }
        for (Tags tags : firingGauges) {
            metrics.gauge(MonitorMetrics.ALERTS_FIRING, tags, firing.getOrDefault(tags, 0));
        }
    }
}
