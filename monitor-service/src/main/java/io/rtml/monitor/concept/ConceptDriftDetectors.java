package io.rtml.monitor.concept;

import java.util.List;

/**
 * The detectors every model version's error stream is fed to, with the settings the calibration in
 * {@code ChangeDetectorsTest} chose: at most 0.3 false alarms per 40,000 labelled events of a stationary
 * stream, a rise of 0.3 σ of the error rate caught within 1,000 labelled events.
 */
public final class ConceptDriftDetectors {

    private ConceptDriftDetectors() {
    }

    public static ChangeDetector pageHinkley() {
        return new PageHinkley(0.015, 50, 30);
    }

    public static ChangeDetector adwin() {
        return new Adwin(0.002, 32, 5);
    }

    public static ChangeDetector hddmA() {
        return new HddmA(0.0002);
    }

    /** A fresh set, one of each. */
    public static List<ChangeDetector> all() {
        return List.of(pageHinkley(), adwin(), hddmA());
    }
}
