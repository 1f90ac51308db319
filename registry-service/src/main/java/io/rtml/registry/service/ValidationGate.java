package io.rtml.registry.service;

import io.rtml.registry.rest.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks a version must pass before it becomes champion: a usable signature, a baseline profile
 * for drift monitoring, and metrics (overall and per slice) no worse than the current champion's
 * beyond a tolerance. A challenger that is to take shadow or canary traffic passes the same checks
 * without the metric comparison ({@link #compatibility}): serving it is how its live metrics are found
 * out; the full gate runs again when it is promoted. Pure logic: the caller loads both versions.
 */
public final class ValidationGate {

    /** Metric names where smaller is better; every other metric is taken as larger-is-better. */
    private static final List<String> LOWER_IS_BETTER = List.of("loss", "error", "rmse", "mse", "mae", "latency");

    private ValidationGate() {
    }

    /** The parts of a version the gate reads. */
    public record Candidate(int version, Signature signature, boolean hasBaselineProfile,
                            Map<String, Double> metrics, Map<String, Map<String, Double>> sliceMetrics) {
    }

    /**
     * @param champion the current champion, or {@code null} when there is none
     */
    public static GateReport evaluate(Candidate candidate, Candidate champion, double tolerance) {
        List<GateReport.Check> checks = compatibilityChecks(candidate);
        if (champion == null) {
            checks.add(new GateReport.Check("metrics", true, "no current champion to compare with"));
        } else if (champion.version() == candidate.version()) {
            checks.add(new GateReport.Check("metrics", true, "version " + champion.version() + " is already champion"));
        } else {
            checks.add(compare("metrics", candidate.metrics(), champion.metrics(), champion.version(), tolerance));
            Map<String, Map<String, Double>> championSlices = orEmpty(champion.sliceMetrics());
            Map<String, Map<String, Double>> candidateSlices = orEmpty(candidate.sliceMetrics());
            for (var slice : championSlices.entrySet()) {
                Map<String, Double> mine = candidateSlices.get(slice.getKey());
                if (mine == null) {
                    checks.add(new GateReport.Check("slice:" + slice.getKey(), false,
                            "champion " + champion.version() + " reports this slice but the candidate does not"));
                } else {
                    checks.add(compare("slice:" + slice.getKey(), mine, slice.getValue(), champion.version(), tolerance));
                }
            }
        }
        return GateReport.of(checks);
    }

    /** Every check but the metric comparison: what a challenger must pass before it takes any traffic. */
    public static GateReport compatibility(Candidate candidate) {
        return GateReport.of(compatibilityChecks(candidate));
    }

    private static List<GateReport.Check> compatibilityChecks(Candidate candidate) {
        List<GateReport.Check> checks = new ArrayList<>();
        boolean hasInputs = candidate.signature() != null && candidate.signature().inputs() != null
                && !candidate.signature().inputs().isEmpty();
        checks.add(new GateReport.Check("signature", hasInputs,
                hasInputs ? candidate.signature().inputs().size() + " inputs declared"
                        : "the version declares no inputs, so requests cannot be checked against it"));
        checks.add(new GateReport.Check("baseline-profile", candidate.hasBaselineProfile(),
                candidate.hasBaselineProfile() ? "baseline profile present"
                        : "no baseline profile: drift could not be monitored once it serves"));
        return checks;
    }

    private static GateReport.Check compare(String name, Map<String, Double> candidate, Map<String, Double> champion,
                                            int championVersion, double tolerance) {
        Map<String, Double> mine = candidate == null ? Map.of() : candidate;
        List<String> worse = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int compared = 0;
        for (var metric : (champion == null ? Map.<String, Double>of() : champion).entrySet()) {
            Double value = mine.get(metric.getKey());
            if (value == null) {
                missing.add(metric.getKey());
                continue;
            }
            compared++;
            double delta = lowerIsBetter(metric.getKey()) ? metric.getValue() - value : value - metric.getValue();
            if (delta < -tolerance) {
                worse.add(String.format(Locale.ROOT, "%s %.4f vs champion %.4f", metric.getKey(), value, metric.getValue()));
            }
        }
        if (!missing.isEmpty()) {
            return new GateReport.Check(name, false, "missing metrics the champion reports: " + String.join(", ", missing));
        }
        if (!worse.isEmpty()) {
            return new GateReport.Check(name, false, "worse than champion " + championVersion + " beyond tolerance "
                    + tolerance + ": " + String.join("; ", worse));
        }
        return new GateReport.Check(name, true, compared + " metrics within tolerance " + tolerance
                + " of champion " + championVersion);
    }

    static boolean lowerIsBetter(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        return LOWER_IS_BETTER.stream().anyMatch(m::contains);
    }

    private static Map<String, Map<String, Double>> orEmpty(Map<String, Map<String, Double>> m) {
        return m == null ? Map.of() : m;
    }
}
