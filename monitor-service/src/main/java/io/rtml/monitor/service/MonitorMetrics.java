package io.rtml.monitor.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monitor's Prometheus meters, names in one place. Labels are bounded: model, version, feature,
 * predicted class (capped per bucket), severity, topic and drop reason; never rule names.
 */
@ApplicationScoped
public class MonitorMetrics {

    public static final String FEATURE_DRIFT_PSI = "rtml_feature_drift_psi";
    public static final String FEATURE_DRIFT_PVALUE = "rtml_feature_drift_pvalue";
    /** Input features drifted by the p-value rule at the default policy (the drift report's verdict), per version. */
    public static final String DRIFTED_FEATURES = "rtml_model_drifted_features";
    public static final String PREDICTION_DRIFT_PSI = "rtml_prediction_drift_psi";
    public static final String PREDICTION_CLASS_SHARE = "rtml_prediction_class_share";
    public static final String LIVE_ACCURACY = "rtml_live_accuracy";
    /** CBPE: accuracy expected from the calibrated confidences of the window's predictions, before labels. */
    public static final String ESTIMATED_ACCURACY = "rtml_estimated_accuracy";
    /** Estimated minus realised accuracy over the same window: a calibration that no longer holds shows here. */
    public static final String ESTIMATED_ACCURACY_GAP = "rtml_estimated_accuracy_gap";
    /** Micrometer adds {@code _total} to counters in the Prometheus output. */
    public static final String PREDICTIONS_OBSERVED = "rtml_predictions_observed";
    public static final String LABELS_JOINED = "rtml_labels_joined";
    public static final String BAD_MESSAGES = "rtml_monitor_bad_messages";
    public static final String DROPPED = "rtml_monitor_dropped";
    /** Predictions refused on arrival, by {@code reason}. */
    public static final String REJECTED_PREDICTIONS = "rtml_monitor_rejected_predictions";
    public static final String REJECT_FUTURE_TIME = "future-time";
    public static final String ALERTS_FIRED = "rtml_alerts_fired";
    /** Rises of a version's error rate found by a concept-drift detector. */
    public static final String CONCEPT_DRIFT = "rtml_concept_drift_detections";
    /** Labels waiting in the durable join for a prediction with their request id. */
    public static final String LABELS_UNMATCHED = "rtml_labels_unmatched";
    /** Labels that met no prediction before their retention ran out. */
    public static final String LABELS_UNMATCHED_EXPIRED = "rtml_labels_unmatched_expired";
    /** Rules whose condition holds at the last evaluation, per model and severity (cooldown or not). */
    public static final String ALERTS_FIRING = "rtml_alerts_firing";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, GaugeValue> gauges = new ConcurrentHashMap<>();

    public MonitorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void observed(String model, int version) {
        counter(PREDICTIONS_OBSERVED, Tags.of("model", model, "version", String.valueOf(version))).increment();
    }

    public void joined(String model, int version) {
        counter(LABELS_JOINED, Tags.of("model", model, "version", String.valueOf(version))).increment();
    }

    /** A Kafka record that could not be read or lacks required fields, skipped. */
    public void badMessage(String topic) {
        counter(BAD_MESSAGES, Tags.of("topic", topic)).increment();
    }

    /** A prediction refused on arrival (e.g. dated in the future beyond the clock skew allowed). */
    public void rejected(String reason) {
        counter(REJECTED_PREDICTIONS, Tags.of("reason", reason)).increment();
    }

    /** Something the monitor let go of to stay within its memory bounds. */
    public void dropped(String reason, long n) {
        counter(DROPPED, Tags.of("reason", reason)).increment(n);
    }

    public void conceptDrift(String model, int version, String detector) {
        counter(CONCEPT_DRIFT, Tags.of("model", model, "version", String.valueOf(version), "detector", detector))
                .increment();
    }

    /** The label join's unmatched labels: {@code expired} let go of now, {@code waiting} still kept. */
    public void labelsUnmatched(long expired, long waiting) {
        counter(LABELS_UNMATCHED_EXPIRED, Tags.empty()).increment(expired);
        gauge(LABELS_UNMATCHED, Tags.empty(), waiting);
    }

    /** An alert rule fired (stored, published, action started). */
    public void alertFired(String model, String severity) {
        counter(ALERTS_FIRED, Tags.of("model", model, "severity", severity)).increment();
    }

    /** Sets a gauge, registering it on first use; {@code NaN} when there is nothing to report. */
    public void gauge(String name, Tags tags, double value) {
        String key = name + tags;
        gauges.computeIfAbsent(key, k -> {
            GaugeValue holder = new GaugeValue();
            registry.gauge(name, tags, holder, GaugeValue::get);
            return holder;
        }).set(value);
    }

    private Counter counter(String name, Tags tags) {
        return counters.computeIfAbsent(name + tags, k -> registry.counter(name, tags));
    }

    /** A settable gauge value; the map above keeps it strongly reachable. */
    static final class GaugeValue {
        private volatile double value = Double.NaN;

        double get() {
            return value;
        }

        void set(double value) {
            this.value = value;
        }
    }
}
