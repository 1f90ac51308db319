package io.rtml.inference.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rtml.inference.rest.ValidationReport;
import io.rtml.inference.runtime.ModelRuntime;
import io.rtml.inference.runtime.Scored;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The gate's load-and-answer check (TFX's InfraValidator): loads a candidate version outside the serving set,
 * asks it rows drawn from its baseline profile one at a time and as one batch, checks every answer is well
 * formed (a label the model declares, finite scores in [0, 1] that sum to 1 when they are probabilities), and
 * reports the load time and latency. The candidate is closed afterwards: validating never changes what serves.
 * A candidate that cannot be loaded is a failed report, not an error; only the registry being unreachable or
 * the version unknown fails the call.
 */
@ApplicationScoped
public class CandidateValidator {

    private static final Logger LOG = Logger.getLogger(CandidateValidator.class);
    static final int ROWS = 32;
    private static final double PROBABILITY_TOLERANCE = 1e-3;

    private final ModelLoader loader;
    private final MeterRegistry metrics;

    public CandidateValidator(ModelLoader loader, MeterRegistry metrics) {
        this.loader = loader;
        this.metrics = metrics;
    }

    public Uni<ValidationReport> validate(String model, int version) {
        long start = System.nanoTime();
        return loader.loadDetached(model, version)
                .map(detached -> {
                    long loadMillis = (System.nanoTime() - start) / 1_000_000;
                    try {
                        return answer(model, version, detached, loadMillis);
                    } finally {
                        detached.runtime().close();
                    }
                })
                .onFailure(ModelLoadException.class).recoverWithItem(e -> failedLoad(model, version, e))
                .invoke(report -> {
                    metrics.counter("rtml_inference_validations_total", "result", report.passed() ? "passed" : "failed")
                            .increment();
                    if (!report.passed()) {
                        LOG.warnf("%s v%d failed validation: %s", model, version, report.checks());
                    }
                });
    }

    private ValidationReport answer(String model, int version, ModelLoader.Detached detached, long loadMillis) {
        ModelRuntime runtime = detached.runtime();
        List<Map<String, Object>> rows = ProfileRows.draw(detached.meta(), ROWS);
        String rowsFrom = ProfileRows.hasProfile(detached.meta()) ? "baseline profile" : "placeholders (no baseline profile)";
        List<ValidationReport.Check> checks = new ArrayList<>();
        checks.add(new ValidationReport.Check("load", true, runtime.format() + " on " + runtime.device() + " in "
                + loadMillis + " ms"));
        double[] latencies = new double[rows.size()];
        List<Scored> answers = new ArrayList<>(rows.size());
        Timer timer = metrics.timer("rtml_inference_validation_latency_seconds");
        try {
            for (int i = 0; i < rows.size(); i++) {
                long t = System.nanoTime();
                List<Scored> one = runtime.predict(List.of(rows.get(i)));
                latencies[i] = (System.nanoTime() - t) / 1e6;
                timer.record(Duration.ofNanos(System.nanoTime() - t));
                if (one.size() != 1) {
                    throw new IllegalStateException("answered " + one.size() + " rows for 1");
                }
                answers.add(one.get(0));
            }
        } catch (RuntimeException e) {
            checks.add(new ValidationReport.Check("answers", false, "failed on a sample row: " + e.getMessage()));
            return report(model, version, runtime, loadMillis, rows.size(), rowsFrom, null, null, null, checks);
        }
        long batchStart = System.nanoTime();
        List<Scored> batch;
        try {
            batch = runtime.predict(rows);
        } catch (RuntimeException e) {
            checks.add(new ValidationReport.Check("answers", false, "failed on the batch of " + rows.size() + ": "
                    + e.getMessage()));
            return report(model, version, runtime, loadMillis, rows.size(), rowsFrom, null, null, null, checks);
        }
        double batchMillis = (System.nanoTime() - batchStart) / 1e6;
        boolean sameCount = batch.size() == rows.size();
        checks.add(new ValidationReport.Check("answers", sameCount, sameCount
                ? rows.size() + " rows answered one by one and as one batch"
                : "the batch of " + rows.size() + " rows got " + batch.size() + " answers"));
        checks.add(labels(runtime, answers));
        checks.add(scores(answers));
        Arrays.sort(latencies);
        return report(model, version, runtime, loadMillis, rows.size(), rowsFrom, latencies[latencies.length / 2],
                latencies[latencies.length - 1], batchMillis, checks);
    }

    private static ValidationReport.Check labels(ModelRuntime runtime, List<Scored> answers) {
        Set<String> declared = new HashSet<>(runtime.labels());
        List<String> bad = new ArrayList<>();
        for (Scored s : answers) {
            if (s.label() == null || (!declared.isEmpty() && !declared.contains(s.label()))) {
                bad.add(String.valueOf(s.label()));
            }
        }
        return new ValidationReport.Check("labels", bad.isEmpty(), bad.isEmpty()
                ? "every answer is one of the " + declared.size() + " labels the model declares"
                : bad.size() + " answers are not labels the model declares, e.g. " + bad.get(0));
    }

    private static ValidationReport.Check scores(List<Scored> answers) {
        for (Scored s : answers) {
            if (s.scores() == null || s.scores().isEmpty()) {
                continue;
            }
            double sum = 0;
            for (Map.Entry<String, Double> e : s.scores().entrySet()) {
                Double v = e.getValue();
                if (v == null || !Double.isFinite(v) || v < 0 || v > 1) {
                    return new ValidationReport.Check("scores", false, "score of " + e.getKey() + " is " + v
                            + ": not a finite value in [0, 1]");
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) {
                return new ValidationReport.Check("scores", false, String.format(Locale.ROOT,
                        "scores of one answer sum to %.4f, not 1", sum));
            }
        }
        return new ValidationReport.Check("scores", true, "every score is finite, in [0, 1], and each answer's sum to 1");
    }

    private static ValidationReport report(String model, int version, ModelRuntime runtime, long loadMillis, int rows,
                                           String rowsFrom, Double p50, Double max, Double batchMillis,
                                           List<ValidationReport.Check> checks) {
        boolean passed = checks.stream().allMatch(ValidationReport.Check::passed);
        return new ValidationReport(model, version, passed, runtime.format(), runtime.device(), loadMillis, rows, rowsFrom,
                p50, max, batchMillis, List.copyOf(checks));
    }

    private static ValidationReport failedLoad(String model, int version, Throwable e) {
        return new ValidationReport(model, version, false, null, null, null, 0, null, null, null, null,
                List.of(new ValidationReport.Check("load", false, e.getMessage())));
    }
}
