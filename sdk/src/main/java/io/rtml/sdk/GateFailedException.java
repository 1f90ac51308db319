package io.rtml.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The registry's validation gate refused to make a version champion (HTTP 409). {@link #report()} is
 * the gate report: {@code {"passed": false, "checks": [{"name", "passed", "message"}, ...]}}.
 */
public class GateFailedException extends RtmlClientException {

    public GateFailedException(String message, JsonNode report) {
        super(409, message, report);
    }

    public JsonNode report() {
        return details();
    }

    /** The messages of the checks that failed, e.g. {@code "metrics: accuracy 0.61 vs champion 0.70"}. */
    public java.util.List<String> failedChecks() {
        java.util.List<String> out = new java.util.ArrayList<>();
        JsonNode checks = report() == null ? null : report().path("checks");
        if (checks != null && checks.isArray()) {
            checks.forEach(c -> {
                if (!c.path("passed").asBoolean(false)) {
                    out.add(c.path("name").asText() + ": " + c.path("message").asText());
                }
            });
        }
        return out;
    }
}
