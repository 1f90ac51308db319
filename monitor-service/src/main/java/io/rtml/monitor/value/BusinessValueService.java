package io.rtml.monitor.value;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.kpi.Kpi;
import io.rtml.monitor.client.RegistryClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import io.rtml.monitor.config.MonitorConfig;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model's business value: its declared KPI (read from the registry) over the predictions of a window that have an
 * outcome, on the model's side and on its holdout, and the uplift with a 95 % interval ({@link UpliftInterval}).
 * Also keeps the {@code rtml_kpi_*} gauges fresh, and drops outcomes that never met a prediction.
 */
@ApplicationScoped
public class BusinessValueService {

    static final String NEWCOMBE = "difference of proportions, Newcombe hybrid score interval (Wilson), 95 %";
    static final String WELCH = "difference of means, Welch t interval, 95 %";
    private static final Logger LOG = Logger.getLogger(BusinessValueService.class);

    private final OutcomeJoin join;
    private final RegistryClient registry;
    private final KpiMetrics metrics;
    private final Duration window;
    private final Duration bucket;
    private final Duration unknownAfter;
    private final Duration retention;

    public BusinessValueService(OutcomeJoin join, @RestClient RegistryClient registry, KpiMetrics metrics,
                                MonitorConfig config) {
        this.join = join;
        this.registry = registry;
        this.metrics = metrics;
        this.window = config.outcomes().window();
        this.bucket = config.outcomes().bucket();
        this.unknownAfter = config.outcomes().unknownAfter();
        this.retention = config.outcomes().retention();
    }

    public Duration defaultWindow() {
        return window;
    }

    public Duration defaultBucket() {
        return bucket;
    }

    /**
     * The report over [now - window, now); 404 for an unknown model or one without a declared KPI, 503 while the
     * registry cannot be asked.
     */
    public Uni<BusinessValueReport> report(String model, Duration window, Duration bucket) {
        Instant to = Instant.now();
        Instant from = to.minus(window);
        return kpiOf(model).flatMap(kpi -> {
            if (kpi == null) {
                throw ApiException.notFound("Model '" + model + "' declares no KPI: declare one in the registry"
                        + " (PATCH /api/v1/models/" + model + " with {\"kpi\": {\"name\", \"outcome\", \"aggregation\"}})");
            }
            return Panache.withSession(() -> join.buckets(model, kpi.outcome(), from, to, Math.max(1, bucket.toSeconds())))
                    .map(rows -> summarise(kpi, from, to, rows))
                    .invoke(report -> metrics.report(model, report));
        });
    }

    private Uni<Kpi> kpiOf(String model) {
        return registry.model(model).map(m -> m.kpi())
                .onFailure(e -> e instanceof WebApplicationException w && w.getResponse().getStatus() == 404)
                .transform(e -> ApiException.notFound("Model '" + model + "' does not exist in the registry"))
                .onFailure(e -> !(e instanceof ApiException))
                .transform(e -> ApiException.unavailable("The registry, which keeps the model's KPI, cannot be reached: "
                        + e.getMessage(), null));
    }

    /** The report from the buckets' summaries; pure, so the arithmetic is tested without a database. */
    static BusinessValueReport summarise(Kpi kpi, Instant from, Instant to, List<OutcomeJoin.BucketRow> rows) {
        SideSummary model = SideSummary.EMPTY;
        SideSummary holdout = SideSummary.EMPTY;
        Map<Instant, SideSummary[]> byBucket = new TreeMap<>();
        for (OutcomeJoin.BucketRow row : rows) {
            SideSummary[] pair = byBucket.computeIfAbsent(row.start(), k -> new SideSummary[] {SideSummary.EMPTY, SideSummary.EMPTY});
            if ("holdout".equals(row.side())) {
                holdout = holdout.plus(row.summary());
                pair[1] = pair[1].plus(row.summary());
            } else {
                model = model.plus(row.summary());
                pair[0] = pair[0].plus(row.summary());
            }
        }
        List<BusinessValueReport.Point> series = new ArrayList<>();
        byBucket.forEach((start, pair) -> series.add(new BusinessValueReport.Point(start, value(pair[0]), value(pair[1]))));
        boolean rate = kpi.aggregation() == Kpi.Aggregation.RATE;
        UpliftInterval.Interval ci = rate
                ? UpliftInterval.rateDifference(Math.round(model.sum()), model.n(), Math.round(holdout.sum()), holdout.n())
                : UpliftInterval.meanDifference(model.n(), model.value(), model.variance(), holdout.n(), holdout.value(),
                holdout.variance());
        Double uplift = model.n() > 0 && holdout.n() > 0 ? model.value() - holdout.value() : null;
        return new BusinessValueReport(kpi, from, to, side(model), side(holdout), uplift,
                ci.defined() ? new BusinessValueReport.Ci(ci.low(), ci.high()) : null, rate ? NEWCOMBE : WELCH, series,
                note(kpi, model, holdout, ci));
    }

    private static String note(Kpi kpi, SideSummary model, SideSummary holdout, UpliftInterval.Interval ci) {
        if (model.n() == 0 && holdout.n() == 0) {
            return "No outcomes have been joined to this model's predictions in this window yet: publish them on"
                    + " rtml.outcomes or POST /api/v1/outcomes with the predictions' request ids.";
        }
        if (holdout.n() == 0) {
            return "No holdout traffic in this window, so there is nothing to measure the uplift against: set holdoutPercent"
                    + " on the model's route (PUT /api/v1/models/{m}/route) once it declares a fallback policy.";
        }
        if (model.n() == 0) {
            return "Only holdout traffic has outcomes in this window; the model's side has none yet.";
        }
        if (!ci.defined()) {
            return "Too few outcomes on one side for a confidence interval (a mean needs at least two per side).";
        }
        if (ci.low() > 0) {
            return "The model beats its holdout on " + kpi.name() + ": the whole 95 % interval is above zero.";
        }
        if (ci.high() < 0) {
            return "The holdout's fallback beats the model on " + kpi.name() + ": the whole 95 % interval is below zero.";
        }
        return "No significant difference on " + kpi.name() + " yet: the 95 % interval contains zero.";
    }

    private static Double value(SideSummary s) {
        return s.n() == 0 ? null : s.value();
    }

    private static BusinessValueReport.Side side(SideSummary s) {
        return new BusinessValueReport.Side(s.n(), value(s));
    }

    /** Keeps the gauges of every model with recent predictions fresh; a model without a KPI is skipped. */
    @Scheduled(every = "${rtml.monitor.outcomes.refresh:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshGauges() {
        return Panache.withSession(() -> join.models(Instant.now().minus(window)))
                .onItem().transformToMulti(models -> Multi.createFrom().iterable(models))
                .onItem().transformToUniAndConcatenate(model -> report(model, window, bucket).replaceWithVoid()
                        .onFailure().recoverWithItem(e -> {
                            LOG.debugf("No business value for %s: %s", model, e.getMessage());
                            return null;
                        }))
                .collect().last().replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Business-value gauges not refreshed: %s", e.getMessage());
                    return null;
                });
    }

    /**
     * Counts and drops outcomes that met no prediction within {@code unknown-after} (an unknown request id, or a
     * prediction that was never logged), and forgets everything past {@code retention}.
     */
    @Scheduled(every = "${rtml.monitor.outcomes.sweep:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> join.dropUnknown(now.minus(unknownAfter))
                        .invoke(metrics::unjoined)
                        .chain(() -> join.expire(now.minus(retention))))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Outcome sweep failed, the next run retries: %s", e.getMessage());
                    return null;
                });
    }
}
