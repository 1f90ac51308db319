package io.rtml.examples.sendtime;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the send-time scenario found: offline accuracy against the majority baseline, prediction latency
 * and throughput, drift flagged per phase, and live accuracy from delayed labels.
 *
 * @param driftedFeaturesBeforeShift drifted features from the phase-1 start to the shift (expected: none)
 * @param driftedFeaturesAfterShift  drifted features from the shift on (expected: exactly {@code tz_offset})
 * @param liveAccuracy               the monitor's accuracy from the labels it joined; null when none joined
 * @param businessValue              the open-within-window KPI of the model vs its 10 % holdout, from the monitor
 */
public record ScenarioReport(String model, int version, String trainer, double accuracy, double majorityBaseline,
                             Map<String, Double> sliceAccuracy, int testRows, long baselinePredictions,
                             long shiftedPredictions, long predictCalls, double p50Ms, double p95Ms, double p99Ms,
                             double requestsPerSecond, double predictionsPerSecond, Instant phase1Start,
                             Instant shiftTime, List<String> driftedFeaturesBeforeShift,
                             List<String> driftedFeaturesAfterShift, boolean predictionDriftAfterShift,
                             long labelsSent, long labelsJoined, Double liveAccuracy, BusinessValue businessValue) {

    /**
     * The KPI on each side (n: predictions with an outcome) and the uplift, model minus holdout, with its 95 %
     * interval; the interval's ends are null when the monitor could not give one.
     */
    public record BusinessValue(String kpi, long outcomesSent, long modelN, Double modelValue, long holdoutN,
                                Double holdoutValue, Double uplift, Double ciLow, Double ciHigh, String method) {

        public String render() {
            if (uplift == null || ciLow == null) {
                return String.format(Locale.ROOT, "  business value     %s: no uplift yet (%d outcomes sent; model n %d, holdout n %d)%n",
                        kpi, outcomesSent, modelN, holdoutN);
            }
            return String.format(Locale.ROOT, "  business value     %s %.3f (n %d) vs holdout %.3f (n %d): uplift %+.3f, "
                            + "95 %% CI [%+.3f, %+.3f] (%s)%n",
                    kpi, modelValue, modelN, holdoutValue, holdoutN, uplift, ciLow, ciHigh, method);
        }
    }

    /** Every prediction served, both phases. */
    public long predictionsServed() {
        return baselinePredictions + shiftedPredictions;
    }

    /** True when the shifted phase flagged {@code tz_offset} and nothing else, and phase 1 flagged nothing. */
    public boolean driftOnTzOffsetOnly() {
        return driftedFeaturesBeforeShift.isEmpty() && driftedFeaturesAfterShift.equals(List.of("tz_offset"));
    }

    /** A short text report. */
    public String render() {
        String slices = sliceAccuracy.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "send-time scenario: model %s v%d (%s)%n", model, version, trainer));
        out.append(String.format(Locale.ROOT,
                "  model accuracy     %.3f on %d held-out rows vs majority baseline %.3f (%+.1f points); %s%n",
                accuracy, testRows, majorityBaseline, 100 * (accuracy - majorityBaseline), slices));
        out.append(String.format(Locale.ROOT,
                "  predictions        %d served (%d baseline + %d shifted) in %d calls: p50 %.1f ms, p95 %.1f ms, "
                        + "p99 %.1f ms, %.1f req/s (%.0f predictions/s)%n",
                predictionsServed(), baselinePredictions, shiftedPredictions, predictCalls, p50Ms, p95Ms, p99Ms,
                requestsPerSecond, predictionsPerSecond));
        out.append("  drift before shift ").append(describe(driftedFeaturesBeforeShift)).append('\n');
        out.append("  drift after shift  ").append(describe(driftedFeaturesAfterShift))
                .append(driftedFeaturesAfterShift.equals(List.of("tz_offset")) ? " (drift on tz_offset only)" : "")
                .append(predictionDriftAfterShift ? "; prediction drift flagged" : "; no prediction drift")
                .append('\n');
        out.append(liveAccuracy == null
                ? String.format(Locale.ROOT, "  live accuracy      none yet (%d labels sent, %d joined)%n",
                        labelsSent, labelsJoined)
                : String.format(Locale.ROOT, "  live accuracy      %.3f from %d labels (%d sent)%n",
                        liveAccuracy, labelsJoined, labelsSent));
        if (businessValue != null) {
            out.append(businessValue.render());
        }
        return out.toString();
    }

    private static String describe(List<String> features) {
        return features.isEmpty() ? "none" : String.join(", ", features);
    }
}
