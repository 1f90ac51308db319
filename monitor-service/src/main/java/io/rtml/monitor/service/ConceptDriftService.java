package io.rtml.monitor.service;

import io.rtml.contracts.event.AlertEvent;
import io.rtml.monitor.concept.ChangeDetector;
import io.rtml.monitor.concept.ConceptDriftDetectors;
import io.rtml.monitor.rest.ConceptDriftReport;
import io.rtml.monitor.rest.ConceptDriftReport.Detection;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Concept drift on delayed labels: each model version's labelled error stream (1 wrong, 0 right) is fed,
 * in the order labels are joined (which need not be the order of the predictions: labels come late and out
 * of order; the accuracy of each window is revised in its own bucket regardless), to Page–Hinkley, ADWIN
 * and HDDM_A ({@link ConceptDriftDetectors}). A detection is counted
 * ({@code rtml_concept_drift_detections_total{model,version,detector}}), kept (the newest
 * {@link #KEPT} per version, for the report and the {@code concept_drift} rule metric) and published on
 * {@code rtml.alerts} keyed by model, rule {@code concept-drift:<detector>}. The detectors' state is in
 * memory: after a restart they start afresh from the next label.
 */
@ApplicationScoped
public class ConceptDriftService {

    static final int KEPT = 100;
    private static final Logger LOG = Logger.getLogger(ConceptDriftService.class);

    private record Key(String model, int version) {
    }

    private static final class State {
        final List<ChangeDetector> detectors = ConceptDriftDetectors.all();
        final ArrayDeque<Detection> detections = new ArrayDeque<>();
        long labelled;
        long errors;
    }

    private final Map<Key, State> states = new ConcurrentHashMap<>();
    private final MonitorMetrics metrics;
    private final MutinyEmitter<AlertEvent> alerts;

    public ConceptDriftService(MonitorMetrics metrics, @Channel(AlertEvaluator.CHANNEL) MutinyEmitter<AlertEvent> alerts) {
        this.metrics = metrics;
        this.alerts = alerts;
    }

    /** Feeds joined labels, in the order they were joined. */
    public void observe(List<LabelJoin.Joined> joined, Instant now) {
        for (LabelJoin.Joined j : joined) {
            State s = states.computeIfAbsent(new Key(j.model(), j.version()), k -> new State());
            List<Detection> found = new ArrayList<>();
            synchronized (s) {
                s.labelled++;
                double error = j.correct() ? 0 : 1;
                s.errors += (long) error;
                for (ChangeDetector d : s.detectors) {
                    if (d.add(error)) {
                        Detection detection = new Detection(d.name(), now, s.labelled);
                        s.detections.addLast(detection);
                        if (s.detections.size() > KEPT) {
                            s.detections.removeFirst();
                        }
                        found.add(detection);
                    }
                }
            }
            found.forEach(d -> announce(j.model(), j.version(), d));
        }
    }

    private void announce(String model, int version, Detection d) {
        metrics.conceptDrift(model, version, d.detector());
        LOG.infof("Concept drift in %s v%d: %s detected a rise of the error rate at labelled event %d", model, version,
                d.detector(), d.labelsSeen());
        AlertEvent event = new AlertEvent("concept-drift:" + d.detector(), model, version, "warning", 1.0, 0.0,
                "labels", "none", d.time());
        alerts.sendMessage(Message.of(event)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(model).build()))
                .ifNoItem().after(Duration.ofSeconds(10)).fail()
                .subscribe().with(ok -> { }, e -> LOG.warnf("Concept drift alert of %s v%d not published: %s", model,
                        version, e.getMessage()));
    }

    /** Detections of a version at or after {@code since}, oldest first. */
    public List<Detection> detections(String model, int version, Instant since) {
        State s = states.get(new Key(model, version));
        if (s == null) {
            return List.of();
        }
        synchronized (s) {
            return s.detections.stream().filter(d -> !d.time().isBefore(since)).toList();
        }
    }

    /** The report of one version: labels fed since the start, and the detections kept. */
    public ConceptDriftReport report(String model, int version) {
        State s = states.get(new Key(model, version));
        if (s == null) {
            return new ConceptDriftReport(model, version, 0, null, List.of());
        }
        synchronized (s) {
            return new ConceptDriftReport(model, version, s.labelled,
                    s.labelled == 0 ? null : (double) s.errors / s.labelled, List.copyOf(s.detections));
        }
    }
}
