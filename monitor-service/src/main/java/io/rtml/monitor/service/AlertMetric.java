package io.rtml.monitor.service;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an alert rule can watch, as written on the wire. */
public enum AlertMetric {
    /** PSI of one input feature against the baseline. */
    FEATURE_PSI(true, false),
    /** PSI of the predicted classes against the baseline's {@code __prediction__}. */
    PREDICTION_PSI(false, false),
    /** Share of joined labels the model got right. */
    LIVE_ACCURACY(false, true),
    /** Share of predictions in which one feature is present. */
    COMPLETENESS(true, true),
    /** Number of predictions in the window. */
    PREDICTION_VOLUME(false, false);

    private final boolean needsFeature;
    private final boolean share;

    AlertMetric(boolean needsFeature, boolean share) {
        this.needsFeature = needsFeature;
        this.share = share;
    }

    public boolean needsFeature() {
        return needsFeature;
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
