package io.rtml.monitor.service;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an alert rule can watch, as written on the wire. */
public enum AlertMetric {
    /** PSI of one input feature against the baseline. */
    FEATURE_PSI(true, false, false),
    /** PSI of the predicted classes against the baseline's {@code __prediction__}. */
    PREDICTION_PSI(false, false, false),
    /** Share of joined labels the model got right. */
    LIVE_ACCURACY(false, true, false),
    /** Share of predictions in which one feature is present. */
    COMPLETENESS(true, true, false),
    /** Number of predictions in the window. */
    PREDICTION_VOLUME(false, false, false),
    /**
     * Input features drifted by the p-value rule at the rule's false-alarm budget: the number of drifted
     * features (all of them, one Holm family), or 1/0 for the one feature the rule names.
     */
    FEATURE_DRIFT(false, false, true),
    /** Concept-drift detections (any detector) on the version's labelled errors within the window. */
    CONCEPT_DRIFT(false, false, false);

    private final boolean needsFeature;
    private final boolean share;
    private final boolean drift;

    AlertMetric(boolean needsFeature, boolean share, boolean drift) {
        this.needsFeature = needsFeature;
        this.share = share;
        this.drift = drift;
    }

    public boolean needsFeature() {
        return needsFeature;
    }

    /** May name a feature without needing one. */
    public boolean featureOptional() {
        return drift;
    }

    /** Decided by the p-value rule: takes {@code falseAlarmsPer30Days} and {@code minEffectSize}. */
    public boolean drift() {
        return drift;
    }

    /** A value in [0, 1]. */
    public boolean share() {
        return share;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AlertMetric> of(String wire) {
        return Arrays.stream(values()).filter(m -> m.wire().equals(wire)).findFirst();
    }

    public static String choices() {
        return String.join("|", Arrays.stream(values()).map(AlertMetric::wire).toList());
    }
}
