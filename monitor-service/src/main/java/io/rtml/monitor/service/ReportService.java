package io.rtml.monitor.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.ModelAliases;
import io.rtml.contracts.profile.CategoricalProfile;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.contracts.profile.FeatureProfile;
import io.rtml.contracts.profile.NumericProfile;
import io.rtml.monitor.config.MonitorConfig;
import io.rtml.monitor.drift.DriftCalculator;
import io.rtml.monitor.drift.DriftPolicy;
import io.rtml.monitor.drift.FalseAlarmBudget;
import io.rtml.monitor.drift.FeatureDrift;
import io.rtml.monitor.performance.Calibration;
import io.rtml.monitor.performance.PerformanceEstimate;
import io.rtml.monitor.quality.InputQuality;
import io.rtml.monitor.quality.TextLength;
import io.rtml.monitor.repository.WindowBucketRepository;
import io.rtml.monitor.rest.DriftReport;
import io.rtml.monitor.rest.MonitoredVersionView;
import io.rtml.monitor.rest.PerformanceReport;
import io.rtml.monitor.rest.PredictionDrift;
import io.rtml.monitor.rest.QualityReport;
import io.rtml.monitor.rest.QualityReport.FeatureQuality;
import io.rtml.monitor.service.WindowStore.BaselineStatus;
import io.rtml.monitor.service.WindowStore.VersionInfo;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Drift, quality and performance reports over a time range: the stored buckets that start in
 * {@code [from, to)} merged with the ones not yet flushed. Stored buckets are read before the
 * unflushed ones, so a report taken while a flush commits can miss that flush's deltas for a moment
 * but never counts them twice.
 */
@ApplicationScoped
public class ReportService {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final WindowStore store;
    private final WindowBucketRepository buckets;
    private final StatsCodec codec;
    private final MonitorConfig config;
    private final DriftCalculator calculator;
    private final DriftPolicy defaultPolicy;
    private final ServingVersions serving;

    public ReportService(WindowStore store, WindowBucketRepository buckets, StatsCodec codec, MonitorConfig config,
                         ServingVersions serving) {
        this.store = store;
        this.serving = serving;
        this.buckets = buckets;
        this.codec = codec;
        this.config = config;
        this.calculator = new DriftCalculator();
        this.defaultPolicy = policy(config.drift().falseAlarmsPer30Days(), config.drift().minEffectSize());
    }

    /**
     * The policy of {@code falseAlarmsPer30Days} (&gt; 0) and {@code minEffectSize} (PSI, ≥ 0) for windows
     * evaluated once every {@code alerts.interval}.
     */
    public DriftPolicy policy(double falseAlarmsPer30Days, double minEffectSize) {
        return new DriftPolicy(FalseAlarmBudget.alphaPerWindow(falseAlarmsPer30Days, config.alerts().interval()),
                minEffectSize);
    }

    /** The policy of the {@code rtml.monitor.drift.*} defaults: drift reports, gauges, rules that set none. */
    public DriftPolicy defaultPolicy() {
        return defaultPolicy;
    }

    /** A version's statistics over a range, with the version as the store knows it. */
    public record Window(VersionInfo version, Instant from, Instant to, WindowStats stats) {
    }

    /** Resolves the query parameters (400 when malformed, 404 when nothing was seen) and loads the window. */
    public Uni<Window> window(String model, String versionParam, String fromParam, String toParam) {
        return window(model, versionParam, null, fromParam, toParam);
    }

    /**
     * As {@link #window(String, String, String, String)}, with {@code route} ({@code champion} or
     * {@code challenger}) naming the version by what serves it now instead of by number; not both.
     */
    public Uni<Window> window(String model, String versionParam, String routeParam, String fromParam, String toParam) {
        Instant now = Instant.now();
        Instant to = instant("to", toParam, now);
        Instant from = instant("from", fromParam, to.minus(config.defaultRange()));
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        if (from.plus(config.maxRange()).isBefore(to)) {
            throw ApiException.badRequest("The range from " + from + " to " + to + " is longer than the "
                    + config.maxRange() + " one report may cover");
        }
        Uni<VersionInfo> resolved = routeParam == null || routeParam.isBlank() ? resolve(model, versionParam)
                : byRoute(model, versionParam, routeParam.trim());
        return resolved.flatMap(version -> stats(version.model(), version.version(), from, to)
                .map(s -> new Window(version, from, to, s)));
    }

    public Uni<WindowStats> stats(String model, int version, Instant from, Instant to) {
        return Panache.withSession(() -> buckets.inRange(model, version, from, to))
                .map(rows -> {
                    WindowStats stats = WindowStats.empty();
                    int maxClasses = config.limits().maxClasses();
                    rows.forEach(r -> stats.merge(codec.read(r), maxClasses));
                    stats.merge(store.unflushed(model, version, from, to), maxClasses);
                    return stats;
                });
    }

    public DriftReport drift(Window w) {
        return drift(w, defaultPolicy);
    }

    /** The drift report with drift decided by {@code policy}. */
    public DriftReport drift(Window w, DriftPolicy policy) {
        DatasetProfile baseline = baseline(w.version(), "drift");
        DatasetProfile live = w.stats().profile() == null ? baseline.emptyCopy() : w.stats().profile();
        List<FeatureDrift> features = calculator.features(baseline, live, policy);
        return new DriftReport(w.version().model(), w.version().version(), w.from(), w.to(), w.stats().predictions(),
                policy.alpha(), policy.minEffectSize(), features, predictionDrift(baseline, live, w.stats(), policy),
                features.stream().filter(FeatureDrift::drifted).map(FeatureDrift::feature).toList());
    }

    /** One input feature tested alone (a family of one); empty when the baseline has no such feature. */
    public Optional<FeatureDrift> featureDrift(Window w, String feature, DriftPolicy policy) {
        DatasetProfile baseline = baseline(w.version(), "drift");
        FeatureProfile expected = feature.equals(DriftCalculator.PREDICTION_FEATURE) ? null : baseline.feature(feature);
        if (expected == null) {
            return Optional.empty();
        }
        DatasetProfile live = w.stats().profile() == null ? baseline.emptyCopy() : w.stats().profile();
        return Optional.of(calculator.feature(feature, expected, live.feature(feature), policy));
    }

    /** Drift of every input feature, one Holm family, by {@code policy}. */
    public List<FeatureDrift> features(DatasetProfile baseline, DatasetProfile live, DriftPolicy policy) {
        return calculator.features(baseline, live, policy);
    }

    /** The predicted classes tested alone (their own family) at the policy's alpha. */
    public PredictionDrift predictionDrift(DatasetProfile baseline, DatasetProfile live, WindowStats stats,
                                           DriftPolicy policy) {
        FeatureProfile expected = baseline == null ? null : baseline.feature(DriftCalculator.PREDICTION_FEATURE);
        if (expected == null) {
            return new PredictionDrift(null, null, null, null, null, false, classShare(stats));
        }
        FeatureDrift d = calculator.feature(DriftCalculator.PREDICTION_FEATURE, expected,
                live.feature(DriftCalculator.PREDICTION_FEATURE), policy);
        return new PredictionDrift(d.psi(), d.jsDistance(), d.pValue(), d.pValueMethod(), d.alpha(), d.drifted(),
                classShare(stats));
    }

    static Map<String, Double> classShare(WindowStats stats) {
        long total = stats.classCounts().values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> share = new LinkedHashMap<>();
        stats.classCounts().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> share.put(e.getKey(), (double) e.getValue() / total));
        return share;
    }

    public QualityReport quality(Window w) {
        DatasetProfile baseline = baseline(w.version(), "quality");
        DatasetProfile live = w.stats().profile() == null ? baseline.emptyCopy() : w.stats().profile();
        InputQuality q = w.stats().quality();
        List<FeatureQuality> features = new ArrayList<>();
        for (Map.Entry<String, FeatureProfile> e : live.features().entrySet()) {
            if (e.getKey().equals(DriftCalculator.PREDICTION_FEATURE)) {
                continue;
            }
            FeatureProfile p = e.getValue();
            long present = p.count();
            // The profile counts a value of the wrong type as missing; the report keeps the two apart.
            long mismatched = q.typeMismatches().getOrDefault(e.getKey(), 0L);
            long missing = Math.max(0, p.missing() - mismatched);
            Double outOfRange = null;
            Double unknown = null;
            if (p instanceof NumericProfile) {
                outOfRange = present == 0 ? 0.0 : (double) w.stats().outOfRange().getOrDefault(e.getKey(), 0L) / present;
            } else if (p instanceof CategoricalProfile c) {
                unknown = present == 0 ? 0.0 : (double) c.other() / present;
            }
            String constant = present >= 2 ? q.constantValue(e.getKey()) : null;
            features.add(new FeatureQuality(e.getKey(), p instanceof NumericProfile ? "numeric" : "categorical",
                    present, missing, p.completeness(), outOfRange, unknown, mismatched, constant != null, constant,
                    textLength(q.textLengths().get(e.getKey()))));
        }
        long rows = w.stats().predictions();
        // Text inputs the baseline does not profile (free text): only their length is known.
        q.textLengths().forEach((name, length) -> {
            if (live.feature(name) == null) {
                long absent = Math.max(0, rows - length.count());
                features.add(new FeatureQuality(name, "text", length.count(), absent,
                        rows == 0 ? 1.0 : (double) length.count() / rows, null, null, 0, false, null, textLength(length)));
            }
        });
        return new QualityReport(w.version().model(), w.version().version(), w.from(), w.to(), rows,
                q.duplicates(), rows == 0 ? 0.0 : (double) q.duplicates() / rows, features);
    }

    private static QualityReport.TextLengthView textLength(TextLength t) {
        return t == null || t.count() == 0 ? null
                : new QualityReport.TextLengthView(t.count(), (double) t.total() / t.count(), t.min(), t.max());
    }

    public PerformanceReport performance(Window w) {
        WindowStats s = w.stats();
        PerformanceEstimate estimate = estimate(w.version(), s);
        Double accuracy = s.labelled() == 0 ? null : (double) s.correct() / s.labelled();
        Double estimated = estimate.expectedAccuracy();
        Calibration c = estimate.calibration();
        return new PerformanceReport(w.version().model(), w.version().version(), w.from(), w.to(), s.predictions(),
                s.labelled(), s.correct(), accuracy, estimate.scored(), estimated, estimate.standardError(),
                accuracy == null || estimated == null ? null : estimated - accuracy,
                new PerformanceReport.CalibrationView(c.status().name().toLowerCase(Locale.ROOT), c.method(),
                        c.referenceRows(), c.pValue(), c.expectedCalibrationError(), c.note()));
    }

    /** CBPE over the window's confidences, calibrated on the version's validation reliability table. */
    public PerformanceEstimate estimate(VersionInfo v, WindowStats s) {
        Calibration calibration = switch (v.status()) {
            case READY -> Calibration.fit(v.baseline().reliability());
            case NONE -> Calibration.unavailable(0, "The registry version has no baseline profile, so it has no "
                    + "reliability table to check the scores on; accuracy is not estimated before labels");
            case PENDING -> Calibration.unavailable(0, "The version's baseline has not been fetched from the "
                    + "registry yet; accuracy is estimated once it has");
        };
        PerformanceEstimate estimate = PerformanceEstimate.of(s.confidence(), calibration);
        if (calibration.status() != Calibration.Status.UNAVAILABLE && estimate.scored() == 0 && s.predictions() > 0) {
            return new PerformanceEstimate(0, null, null, Calibration.unavailable(calibration.referenceRows(),
                    "No prediction in the window has a probability for its output class in 'scores', so there is "
                            + "no confidence to estimate accuracy from"));
        }
        return estimate;
    }

    /** Every version seen, each with its role (champion, challenger) as last read from the registry. */
    public Uni<List<MonitoredVersionView>> versions() {
        List<VersionInfo> seen = store.versions();
        List<String> models = seen.stream().map(VersionInfo::model).distinct().toList();
        if (models.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // A registry that does not answer leaves the roles out; the list itself never waits on it for long.
        return Uni.join().all(models.stream().map(m -> serving.of(m).onFailure().recoverWithNull()).toList())
                .andFailFast()
                .map(answers -> {
                    Map<String, ServingVersions.Serving> byModel = new LinkedHashMap<>();
                    for (int i = 0; i < models.size(); i++) {
                        if (answers.get(i) != null) {
                            byModel.put(models.get(i), answers.get(i));
                        }
                    }
                    return seen.stream().map(v -> new MonitoredVersionView(v.model(), v.version(), v.predictions(),
                            v.status().name().toLowerCase(Locale.ROOT), v.lastError(), v.firstSeen(), v.lastSeen(),
                            role(byModel.get(v.model()), v.version()))).toList();
                });
    }

    private static String role(ServingVersions.Serving s, int version) {
        if (s == null) {
            return null;
        }
        if (s.champion() != null && s.champion() == version) {
            return ModelAliases.CHAMPION;
        }
        return s.challenger() != null && s.challenger() == version ? ModelAliases.CHALLENGER : null;
    }

    private DatasetProfile baseline(VersionInfo v, String report) {
        if (v.status() == BaselineStatus.NONE) {
            throw ApiException.conflict("Version " + v.version() + " of model '" + v.model()
                    + "' has no baseline profile in the registry, so there is no " + report + " report", null);
        }
        if (v.status() == BaselineStatus.PENDING) {
            throw new ApiException(503, "The baseline of version " + v.version() + " of model '" + v.model()
                    + "' has not been fetched from the registry yet ("
                    + (v.lastError() == null ? "fetching" : v.lastError())
                    + "); its predictions are kept and folded when it arrives");
        }
        return v.baseline();
    }

    /** The version serving {@code route} of the model now, as {@link ServingVersions} reads the registry. */
    private Uni<VersionInfo> byRoute(String model, String versionParam, String route) {
        if (versionParam != null && !versionParam.isBlank()) {
            throw ApiException.badRequest("Give 'version' or 'route', not both");
        }
        boolean challenger = switch (route.toLowerCase(Locale.ROOT)) {
            case ModelAliases.CHAMPION -> false;
            case ModelAliases.CHALLENGER -> true;
            default -> throw ApiException.badRequest("'route' must be one of champion, challenger; got '" + route + "'");
        };
        if (!challenger) {
            return resolve(model, null);
        }
        if (store.newest(model).isEmpty()) {
            throw ApiException.notFound("The monitor has seen no predictions of model '" + model + "'");
        }
        return serving.of(model)
                .onFailure().transform(e -> ApiException.unavailable("Cannot tell which version of model '" + model
                        + "' is the challenger: " + e.getMessage() + "; ask for one with ?version=", RETRY_AFTER))
                .map(s -> {
                    if (s.challenger() == null) {
                        throw ApiException.notFound("Model '" + model + "' has no challenger: its route is off");
                    }
                    return store.version(model, s.challenger()).orElseThrow(() -> ApiException.notFound(
                            "The monitor has seen no predictions of version " + s.challenger() + " of model '"
                                    + model + "', its challenger"));
                });
    }

    /** The version asked for, or without one the model's champion as the registry names it now. */
    private Uni<VersionInfo> resolve(String model, String versionParam) {
        if (versionParam == null || versionParam.isBlank()) {
            if (store.newest(model).isEmpty()) {
                throw ApiException.notFound("The monitor has seen no predictions of model '" + model + "'");
            }
            return serving.of(model)
                    .onFailure().transform(e -> ApiException.unavailable("Cannot tell which version of model '" + model
                            + "' is the champion: " + e.getMessage() + "; ask for one with ?version=", RETRY_AFTER))
                    .map(s -> {
                        if (s.champion() == null) {
                            throw ApiException.notFound("Model '" + model
                                    + "' has no champion in the registry; ask for a version with ?version=");
                        }
                        return store.version(model, s.champion()).orElseThrow(() -> ApiException.notFound(
                                "The monitor has seen no predictions of version " + s.champion() + " of model '"
                                        + model + "', its champion"));
                    });
        }
        int version;
        try {
            version = Integer.parseInt(versionParam.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'version' must be a positive whole number, got '" + versionParam + "'");
        }
        if (version < 1) {
            throw ApiException.badRequest("'version' must be a positive whole number, got '" + versionParam + "'");
        }
        return Uni.createFrom().item(store.version(model, version).orElseThrow(() -> ApiException.notFound(
                "The monitor has seen no predictions of version " + version + " of model '" + model + "'")));
    }

    private static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value.trim()).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest("'" + name + "' must be an ISO-8601 instant such as "
                        + "2026-01-31T12:00:00Z, got '" + value + "'");
            }
        }
    }
}
