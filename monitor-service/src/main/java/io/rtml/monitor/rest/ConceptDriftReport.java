package io.rtml.monitor.rest;

import java.time.Instant;
import java.util.List;

/**
 * Concept drift of a model version since the monitor started: labels fed to the detectors, their error
 * rate, and the detections kept (newest 100), each with the detector and the labelled event it fired at.
 */
public record ConceptDriftReport(String model, int version, long labelled, Double errorRate,
                                 List<Detection> detections) {

    public record Detection(String detector, Instant time, long labelsSeen) {
    }
}
