package io.rtml.registry.service;

import java.util.List;

/** The validation gate's verdict: passed only when every check passed. */
public record GateReport(boolean passed, List<Check> checks) {

    /** One check of the gate and what it found. */
    public record Check(String name, boolean passed, String message) {
    }

    public static GateReport of(List<Check> checks) {
        return new GateReport(checks.stream().allMatch(Check::passed), List.copyOf(checks));
    }

    /** This report with one more check. */
    public GateReport with(Check check) {
        List<Check> all = new java.util.ArrayList<>(checks);
        all.add(check);
        return of(all);
    }
}
