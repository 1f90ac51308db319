package io.rtml.bench;

import java.util.Locale;

/**
 * A figure issue 6 or 12 sets for a row, and whether the row met it. {@code reference}: the row a
 * {@code P99_WITHIN} target compares with (measured in the same run), else null.
 */
record Target(Kind kind, double limit, Measurement reference) {

    enum Kind { RATIO_AT_LEAST, P50_AT_MOST, P99_AT_MOST, P99_WITHIN }

    static Target ratioAtLeast(double share) {
        return new Target(Kind.RATIO_AT_LEAST, share, null);
    }

    static Target p50AtMost(double ms) {
        return new Target(Kind.P50_AT_MOST, ms, null);
    }

    static Target p99AtMost(double ms) {
        return new Target(Kind.P99_AT_MOST, ms, null);
    }

    /** p99 at most {@code factor} times the reference row's p99 (issue 12: aggregation reads within 2x of plain ones). */
    static Target p99WithinOf(double factor, Measurement reference) {
        return new Target(Kind.P99_WITHIN, factor, reference);
    }

    String text() {
        return switch (kind) {
            case RATIO_AT_LEAST -> String.format(Locale.ROOT, "≥ %.0f %%", limit * 100);
            case P50_AT_MOST -> String.format(Locale.ROOT, "p50 ≤ %s ms", trim(limit));
            case P99_AT_MOST -> String.format(Locale.ROOT, "p99 ≤ %s ms", trim(limit));
            case P99_WITHIN -> String.format(Locale.ROOT, "p99 ≤ %s× plain (%s ms)", trim(limit),
                    reference == null || !reference.available() ? "—" : String.format(Locale.ROOT, "%.2f", reference.p99Ms()));
        };
    }

    /**
     * "met" or "missed", or "—" when the row has nothing to judge by (not run, no ratio). A failed or
     * unanswered request counts as slower than any answered one, so a latency row whose failures alone
     * exceed the percentile's tail has missed.
     */
    String verdict(Measurement m, Double ratio) {
        if (!m.available()) {
            return "—";
        }
        double failedShare = m.ok() + m.errors() == 0 ? 0 : (double) m.errors() / (m.ok() + m.errors());
        boolean p99 = kind == Kind.P99_AT_MOST || kind == Kind.P99_WITHIN;
        if ((p99 && failedShare > 0.01) || (kind == Kind.P50_AT_MOST && failedShare > 0.5)) {
            return "missed";
        }
        double value = switch (kind) {
            case RATIO_AT_LEAST -> ratio == null ? Double.NaN : ratio;
            case P50_AT_MOST -> m.p50Ms();
            case P99_AT_MOST -> m.p99Ms();
            case P99_WITHIN -> reference == null || !reference.available() ? Double.NaN : m.p99Ms() / reference.p99Ms();
        };
        if (Double.isNaN(value)) {
            return "—";
        }
        boolean met = kind == Kind.RATIO_AT_LEAST ? value >= limit : value <= limit;
        return met ? "met" : "missed";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
