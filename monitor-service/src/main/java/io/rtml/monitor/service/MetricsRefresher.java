package io.rtml.monitor.service;

import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.monitor.config.MonitorConfig;
import io.rtml.monitor.drift.DriftCalculator;
import io.rtml.monitor.drift.FeatureDrift;
import io.rtml.monitor.rest.PredictionDrift;
import io.rtml.monitor.service.WindowStore.BaselineStatus;
import io.rtml.monitor.service.WindowStore.VersionInfo;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recomputes the drift, class-share and accuracy gauges of every version seen, over the sliding
 * window {@code rtml.monitor.metrics-window} ending now, every {@code rtml.monitor.metrics-refresh}.
 */
@ApplicationScoped
public class MetricsRefresher {

    private static final Logger LOG = Logger.getLogger(MetricsRefresher.class);

    private final WindowStore store;
    private final ReportService reports;
    private final MonitorMetrics metrics;
    private final MonitorConfig config;
    private final Map<String, Set<String>> publishedClasses = new ConcurrentHashMap<>();

    public MetricsRefresher(WindowStore store, ReportService reports, MonitorMetrics metrics, MonitorConfig config) {
        this.store = store;
        this.reports = reports;
        this.metrics = metrics;
        this.config = config;
    }

    @Scheduled(every = "${rtml.monitor.metrics-refresh:5s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        Instant to = Instant.now();
        Instant from = to.minus(config.metricsWindow());
        return Multi.createFrom().iterable(store.versions())
                .onItem().transformToUniAndConcatenate(v -> reports.stats(v.model(), v.version(), from, to)
                        .invoke(stats -> publish(v, stats)))
                .collect().last()
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.debugf("Metrics refresh failed, gauges keep their last values: %s", e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private void publish(VersionInfo v, WindowStats stats) {
        Tags tags = Tags.of("model", v.model(), "version", String.valueOf(v.version()));
        DatasetProfile baseline = v.status() == BaselineStatus.READY ? v.baseline() : null;
        DatasetProfile live = baseline == null ? null : stats.profile() == null ? baseline.emptyCopy() : stats.profile();
        if (baseline != null) {
            List<FeatureDrift> drift = reports.features(baseline, live, reports.defaultPolicy());
            metrics.gauge(MonitorMetrics.DRIFTED_FEATURES, tags, drift.stream().filter(FeatureDrift::drifted).count());
            for (FeatureDrift d : drift) {
                Tags f = tags.and("feature", d.feature());
                metrics.gauge(MonitorMetrics.FEATURE_DRIFT_PSI, f, nan(d.psi()));
                metrics.gauge(MonitorMetrics.FEATURE_DRIFT_PVALUE, f, nan(d.pValue()));
            }
        }
        PredictionDrift prediction = reports.predictionDrift(baseline, live, stats, reports.defaultPolicy());
        if (baseline != null && baseline.feature(DriftCalculator.PREDICTION_FEATURE) != null) {
            metrics.gauge(MonitorMetrics.PREDICTION_DRIFT_PSI, tags, nan(prediction.psi()));
        }
        Set<String> classes = publishedClasses.computeIfAbsent(v.model() + ":" + v.version(), k -> new HashSet<>());
        classes.addAll(prediction.classShare().keySet());
        for (String c : classes) {
            metrics.gauge(MonitorMetrics.PREDICTION_CLASS_SHARE, tags.and("class", c),
                    prediction.classShare().getOrDefault(c, 0.0));
        }
        double accuracy = stats.labelled() == 0 ? Double.NaN : (double) stats.correct() / stats.labelled();
        metrics.gauge(MonitorMetrics.LIVE_ACCURACY, tags, accuracy);
        double estimated = nan(reports.estimate(v, stats).expectedAccuracy());
        metrics.gauge(MonitorMetrics.ESTIMATED_ACCURACY, tags, estimated);
        metrics.gauge(MonitorMetrics.ESTIMATED_ACCURACY_GAP, tags, estimated - accuracy);
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }
}
