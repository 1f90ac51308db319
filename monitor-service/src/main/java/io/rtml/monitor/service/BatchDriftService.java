package io.rtml.monitor.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.profile.CategoricalProfile;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.monitor.config.MonitorConfig;
import io.rtml.monitor.drift.DriftCalculator;
import io.rtml.monitor.drift.DriftPolicy;
import io.rtml.monitor.drift.FalseAlarmBudget;
import io.rtml.monitor.rest.DriftReport;
import io.rtml.monitor.service.ReportService.Window;
import io.rtml.monitor.service.WindowStore.BaselineStatus;
import io.rtml.monitor.service.WindowStore.VersionInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Batch drift reports ({@code POST /api/v1/models/{m}/drift-report}): rows (JSON lines or CSV, read one
 * line at a time) or a ready profile, folded into the shape of the version's baseline and reported with
 * exactly the code and verdict rule of a live window ({@link ReportService#drift(Window, DriftPolicy)}),
 * for batch-mode models and ad hoc checks. Nothing is stored. Blocking: it runs on a worker thread.
 */
@ApplicationScoped
public class BatchDriftService {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /** What the body holds. */
    public enum Format { JSON_LINES, CSV, PROFILE }

    private final WindowStore store;
    private final ReportService reports;
    private final ServingVersions serving;
    private final BaselineService baselines;
    private final ObjectMapper mapper;
    private final int maxClasses;

    public BatchDriftService(WindowStore store, ReportService reports, ServingVersions serving,
                             BaselineService baselines, ObjectMapper mapper, MonitorConfig config) {
        this.store = store;
        this.reports = reports;
        this.serving = serving;
        this.baselines = baselines;
        this.mapper = mapper;
        this.maxClasses = config.limits().maxClasses();
    }

    public DriftReport report(String model, String versionParam, Format format, InputStream body,
                              String falseAlarmsParam, String minEffectParam) {
        DriftPolicy policy = policy(falseAlarmsParam, minEffectParam);
        VersionInfo version = baselineOf(model, versionParam);
        DatasetProfile baseline = version.baseline();
        DatasetProfile folded;
        long rows;
        if (format == Format.PROFILE) {
            folded = profile(body, baseline, version.version());
            rows = folded.rows();
        } else {
            BatchRows batch = new BatchRows(baseline);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                if (format == Format.CSV) {
                    batch.readCsv(in);
                } else {
                    batch.readJsonLines(in, mapper);
                }
            } catch (IOException e) {
                throw ApiException.badRequest("Could not read the batch: " + e.getMessage());
            }
            if (batch.problemCount() > 0) {
                throw new ApiException(400, batch.problemCount() + " row(s) of the batch do not match the baseline of "
                        + "version " + version.version() + " of model '" + model + "' (the first "
                        + batch.problems().size() + " in details); nothing was reported", batch.problems());
            }
            folded = batch.folded();
            rows = batch.rows();
        }
        WindowStats stats = new WindowStats(folded, Map.of(), classCounts(folded), rows, 0, 0);
        return reports.drift(new Window(version, null, null, stats), policy);
    }

    /** The budget and effect size asked for, or the defaults of the live reports. */
    private DriftPolicy policy(String falseAlarmsParam, String minEffectParam) {
        if (blank(falseAlarmsParam) && blank(minEffectParam)) {
            return reports.defaultPolicy();
        }
        double falseAlarms = blank(falseAlarmsParam) ? Double.NaN : number("falseAlarmsPer30Days", falseAlarmsParam);
        double minEffect = blank(minEffectParam) ? reports.defaultPolicy().minEffectSize()
                : number("minEffectSize", minEffectParam);
        if (!blank(falseAlarmsParam) && FalseAlarmBudget.problem(falseAlarms) != null) {
            throw ApiException.badRequest(FalseAlarmBudget.problem(falseAlarms));
        }
        if (!(minEffect >= 0 && Double.isFinite(minEffect))) {
            throw ApiException.badRequest("'minEffectSize' must be a finite number ≥ 0, got '" + minEffectParam + "'");
        }
        return blank(falseAlarmsParam) ? new DriftPolicy(reports.defaultPolicy().alpha(), minEffect)
                : reports.policy(falseAlarms, minEffect);
    }

    private static double number(String name, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a number, got '" + value + "'");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The version named, or the champion; its baseline from the monitor's store, else from the registry. */
    private VersionInfo baselineOf(String model, String versionParam) {
        int version;
        if (blank(versionParam)) {
            ServingVersions.Serving s;
            try {
                s = serving.of(model).await().atMost(WAIT);
            } catch (RuntimeException e) {
                throw ApiException.unavailable("Cannot tell which version of model '" + model + "' is the champion: "
                        + e.getMessage() + "; name one with ?version=", RETRY_AFTER);
            }
            if (s.champion() == null) {
                throw ApiException.notFound("Model '" + model + "' has no champion in the registry; name a version with ?version=");
            }
            version = s.champion();
        } else {
            try {
                version = Integer.parseInt(versionParam.trim());
            } catch (NumberFormatException e) {
                version = 0;
            }
            if (version < 1) {
                throw ApiException.badRequest("'version' must be a positive whole number, got '" + versionParam + "'");
            }
        }
        VersionInfo known = store.version(model, version).orElse(null);
        if (known != null && known.status() == BaselineStatus.READY) {
            return known;
        }
        if (known != null && known.status() == BaselineStatus.NONE) {
            throw noBaseline(model, version);
        }
        DatasetProfile baseline;
        try {
            baseline = BaselineService.usable(baselines.fetch(model, version).await().atMost(WAIT).baselineProfile());
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                throw ApiException.notFound("The registry has no version " + version + " of model '" + model + "'");
            }
            throw ApiException.unavailable("The baseline of version " + version + " of model '" + model
                    + "' could not be read from the registry: " + BaselineService.describe(e), RETRY_AFTER);
        } catch (RuntimeException e) {
            throw ApiException.unavailable("The baseline of version " + version + " of model '" + model
                    + "' could not be read from the registry: " + BaselineService.describe(e), RETRY_AFTER);
        }
        if (baseline == null) {
            throw noBaseline(model, version);
        }
        return new VersionInfo(model, version, BaselineStatus.READY, baseline, 0, null, null, null);
    }

    private static ApiException noBaseline(String model, int version) {
        return ApiException.conflict("Version " + version + " of model '" + model
                + "' has no baseline profile in the registry, so there is no drift report", null);
    }

    private DatasetProfile profile(InputStream body, DatasetProfile baseline, int version) {
        DatasetProfile given;
        try {
            given = mapper.readValue(body, DatasetProfile.class);
        } catch (IOException e) {
            throw ApiException.badRequest("The body is not a profile (DatasetProfile JSON): " + e.getMessage());
        }
        if (given == null || given.features() == null) {
            throw ApiException.badRequest("The body is not a profile (DatasetProfile JSON): no features");
        }
        DatasetProfile folded = baseline.emptyCopy();
        try {
            folded.merge(given);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The profile does not have the shape of version " + version
                    + "'s baseline (same features, bin edges and types): " + e.getMessage());
        }
        return folded;
    }

    /** Predicted classes of the batch from its {@code __prediction__} column, as a live window counts them. */
    private Map<String, Long> classCounts(DatasetProfile folded) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (folded.feature(DriftCalculator.PREDICTION_FEATURE) instanceof CategoricalProfile c) {
            WindowStats tally = WindowStats.empty();
            c.categories().forEach((k, v) -> {
                if (v > 0) {
                    tally.countClass(k, v, maxClasses);
                }
            });
            if (c.other() > 0) {
                tally.countClass(null, c.other(), maxClasses);
            }
            counts.putAll(tally.classCounts());
        }
        return counts;
    }
}
