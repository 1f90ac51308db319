package io.rtml.registry.service;

import io.rtml.common.rest.ApiException;

/**
 * A 409 from the validation gate (or its compatibility checks): the answer carries the report, and the
 * refusal is written to the audit log as {@code alias-refused} after the refused change rolled back.
 */
public class GateRefusal extends ApiException {

    private final transient String model;
    private final int version;
    private final String sha256;
    private final String alias;
    private final String action;
    private final transient GateReport report;

    GateRefusal(String message, String model, int version, String sha256, String alias, String action, GateReport report) {
        super(409, message, report);
        this.model = model;
        this.version = version;
        this.sha256 = sha256;
        this.alias = alias;
        this.action = action;
        this.report = report;
    }

    String model() {
        return model;
    }

    int version() {
        return version;
    }

    String sha256() {
        return sha256;
    }

    String alias() {
        return alias;
    }

    /** What was refused: {@code set} (PUT alias), {@code promote} (route promotion) or {@code rollback}. */
    String action() {
        return action;
    }

    GateReport report() {
        return report;
    }
}
