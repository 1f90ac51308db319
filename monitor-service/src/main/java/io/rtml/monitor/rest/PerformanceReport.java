package io.rtml.monitor.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Realised accuracy from delayed labels joined by request id, next to the accuracy estimated before
 * labels from the predictions' confidences (CBPE). {@code accuracy} is null when nothing is labelled;
 * {@code estimatedAccuracy} when nothing is scored or {@code calibration.status} is {@code unavailable}
 * (its {@code note} says why); {@code accuracyGap} (estimated − realised) when either is null.
 *
 * @param scored                    predictions whose output had a probability score (the estimate covers these)
 * @param estimatedAccuracyStdError standard deviation of the realised accuracy around the estimate, had every
 *                                  scored prediction been labelled
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PerformanceReport(String model, int version, Instant from, Instant to, long predictions, long labelled,
                                long correct, Double accuracy, long scored, Double estimatedAccuracy,
                                Double estimatedAccuracyStdError, Double accuracyGap, CalibrationView calibration) {

    /**
     * How the version's scores were checked on its validation reliability table.
     *
     * @param status                   {@code calibrated} (scores used as they are), {@code recalibrated}
     *                                 (isotonic map fitted on the table) or {@code unavailable}
     * @param pValue                   Hosmer–Lemeshow p-value of the table; null when unavailable
     * @param expectedCalibrationError Σ |right − Σ confidence| over bins / rows; null when unavailable
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CalibrationView(String status, String method, long referenceRows, Double pValue,
                                  Double expectedCalibrationError, String note) {
    }
}
