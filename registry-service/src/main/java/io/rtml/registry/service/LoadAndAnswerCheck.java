package io.rtml.registry.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtml.registry.client.InferenceValidationClient;
import io.rtml.registry.config.RegistryConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gate's {@code loads-and-answers} check (TFX's InfraValidator): inference loads the candidate outside its
 * serving set and asks it rows drawn from its baseline; the check passes only when inference says every answer
 * was well formed. It fails closed: inference unreachable, or answering anything but a report, fails the check
 * and so the gate (409), saying why. Switched off ({@code rtml.registry.gate.load-check=false}) only where no
 * inference runs, e.g. the registry's own tests; the report then says it was not checked.
 */
@ApplicationScoped
public class LoadAndAnswerCheck {

    static final String NAME = "loads-and-answers";
    private static final Logger LOG = Logger.getLogger(LoadAndAnswerCheck.class);

    private final InferenceValidationClient inference;
    private final boolean enabled;

    public LoadAndAnswerCheck(@RestClient InferenceValidationClient inference, RegistryConfig config) {
        this.inference = inference;
        this.enabled = config.gate().loadCheck();
    }

    public Uni<GateReport.Check> check(String model, int version) {
        if (!enabled) {
            return Uni.createFrom().item(new GateReport.Check(NAME, true,
                    "not checked: rtml.registry.gate.load-check is off (no inference service to load the version)"));
        }
        return inference.validate(model, version)
                .map(LoadAndAnswerCheck::fromReport)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("The load-and-answer check of %s v%d could not run: %s", model, version, e.getMessage());
                    return new GateReport.Check(NAME, false, "inference could not load and ask the version ("
                            + e.getMessage() + "); the gate fails closed until it can");
                });
    }

    private static GateReport.Check fromReport(JsonNode report) {
        if (report.path("passed").asBoolean(false)) {
            return new GateReport.Check(NAME, true, String.format(Locale.ROOT,
                    "loaded (%s on %s) in %d ms; answered %d rows from its %s, p50 %.2f ms, max %.2f ms",
                    report.path("format").asText(), report.path("device").asText(), report.path("loadMillis").asLong(),
                    report.path("rows").asInt(), report.path("rowsFrom").asText(),
                    report.path("latencyMillisP50").asDouble(), report.path("latencyMillisMax").asDouble()));
        }
        List<String> failed = new ArrayList<>();
        for (JsonNode check : report.path("checks")) {
            if (!check.path("passed").asBoolean(false)) {
                failed.add(check.path("name").asText() + ": " + check.path("detail").asText());
            }
        }
        return new GateReport.Check(NAME, false, failed.isEmpty() ? "inference did not pass the version" : String.join("; ", failed));
    }
}
