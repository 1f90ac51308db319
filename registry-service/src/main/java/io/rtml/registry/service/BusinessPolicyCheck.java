package io.rtml.registry.service;

import io.rtml.common.rest.ApiException;
import io.rtml.contracts.inference.FallbackPolicy;
import io.rtml.contracts.kpi.Kpi;
import io.rtml.registry.rest.BusinessPolicyRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a declared KPI and fallback policy (on model create and {@code PATCH /api/v1/models/{name}}): every
 * problem at once, each naming its field ({@code kpi.outcome}, {@code fallback.output}), as one 400.
 */
final class BusinessPolicyCheck {

    /** A checked declaration; a part left out of the request is null. */
    record Checked(Kpi kpi, FallbackPolicy fallback) {
    }

    private BusinessPolicyCheck() {
    }

    static Checked check(BusinessPolicyRequest.KpiRequest kpi, BusinessPolicyRequest.FallbackRequest fallback) {
        List<String> problems = new ArrayList<>();
        Kpi checkedKpi = kpi == null ? null : kpi(kpi, problems);
        FallbackPolicy checkedFallback = fallback == null ? null : fallback(fallback, problems);
        if (!problems.isEmpty()) {
            throw new ApiException(400, String.join("; ", problems), problems);
        }
        return new Checked(checkedKpi, checkedFallback);
    }

    private static Kpi kpi(BusinessPolicyRequest.KpiRequest kpi, List<String> problems) {
        if (kpi.name() == null || !kpi.name().matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            problems.add("kpi.name is required: 1-64 lower-case letters, digits, '.', '_' or '-'"
                    + (kpi.name() == null ? "" : ", not '" + kpi.name() + "'"));
        }
        if (kpi.description() != null && kpi.description().length() > 1000) {
            problems.add("kpi.description must be at most 1000 characters");
        }
        Kpi.Outcome outcome = wire(Kpi.Outcome.class, "kpi.outcome", kpi.outcome(), problems);
        Kpi.Aggregation aggregation = wire(Kpi.Aggregation.class, "kpi.aggregation", kpi.aggregation(), problems);
        if (outcome != null && aggregation == Kpi.Aggregation.RATE && !outcome.binary()) {
            problems.add("kpi.aggregation rate needs a yes/no outcome (opened, clicked); use mean for "
                    + RouteWriter.wireName(outcome));
        }
        return new Kpi(kpi.name(), kpi.description(), outcome, aggregation);
    }

    private static FallbackPolicy fallback(BusinessPolicyRequest.FallbackRequest fallback, List<String> problems) {
        FallbackPolicy.Kind kind = wire(FallbackPolicy.Kind.class, "fallback.kind", fallback.kind(), problems);
        if (fallback.output() == null || fallback.output().isBlank() || fallback.output().length() > 256) {
            problems.add("fallback.output is required (1-256 characters): the label the holdout is answered with"
                    + " (for majority-class, the training set's most frequent label)");
        }
        return new FallbackPolicy(kind, fallback.output());
    }

    private static <E extends Enum<E>> E wire(Class<E> type, String field, String value, List<String> problems) {
        String names = String.join(", ", Arrays.stream(type.getEnumConstants()).map(RouteWriter::wireName).toList());
        if (value == null) {
            problems.add(field + " is required: one of " + names);
            return null;
        }
        E found = RouteWriter.wireValue(type, value);
        if (found == null) {
            problems.add(field + " must be one of " + names + ", not '" + value + "'");
        }
        return found;
    }
}
