package io.rtml.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table a bench run prints: each row's rate and latency, and its rate as a share of its baseline
 * measured in the same run (the trivial endpoint for HTTP and gRPC rows, the raw Kafka pass-through for
 * stream scoring), next to the target where there is one.
 */
final class ResultTable {

    /** What a row's rate is compared with. */
    enum Baseline { NONE, TRIVIAL, PASS_THROUGH }

    record Row(String path, String load, Measurement m, Baseline baseline, Target target) {
    }

    private static final String[] HEADER = {"path", "load", "req/s", "p50 ms", "p99 ms", "ratio", "target", "notes"};

    private final List<Row> rows = new ArrayList<>();
    private Measurement trivial;
    private Measurement passThrough;

    void add(Row row) {
        rows.add(row);
    }

    void trivial(Measurement m) {
        this.trivial = m;
    }

    void passThrough(Measurement m) {
        this.passThrough = m;
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The row's rate over its baseline's, or {@code null} when either is missing. */
    Double ratio(Row row) {
        Measurement base = switch (row.baseline()) {
            case NONE -> null;
            case TRIVIAL -> trivial;
            case PASS_THROUGH -> passThrough;
        };
        if (base == null || !base.available() || !row.m().available() || base.perSecond() == 0) {
            return null;
        }
        return row.m().perSecond() / base.perSecond();
    }

    String plain() {
        List<String[]> cells = cells();
        int[] width = new int[HEADER.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            String[] line = cells.get(r);
            for (int i = 0; i < line.length; i++) {
                boolean numeric = i >= 2 && i <= 5;
                String cell = numeric ? pad(line[i], width[i], true) : pad(line[i], width[i], false);
                out.append(i == 0 ? "" : "  ").append(i == line.length - 1 ? cell.stripTrailing() : cell);
            }
            out.append('\n');
            if (r == 0) {
                for (int i = 0; i < width.length; i++) {
                    out.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    String markdown() {
        List<String[]> cells = cells();
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            out.append("| ").append(String.join(" | ", escape(cells.get(r)))).append(" |\n");
            if (r == 0) {
                out.append("|---|---|---:|---:|---:|---:|---|---|\n");
            }
        }
        return out.toString();
    }

    private List<String[]> cells() {
        List<String[]> out = new ArrayList<>();
        out.add(HEADER);
        for (Row row : rows) {
            Measurement m = row.m();
            Double ratio = ratio(row);
            String ratioText = ratio == null ? "—" : String.format(Locale.ROOT, "%.0f %%", ratio * 100)
                    + (row.baseline() == Baseline.PASS_THROUGH ? " of raw" : "");
            String target = row.target() == null ? "" : row.target().text() + ": " + row.target().verdict(m, ratio);
            List<String> notes = new ArrayList<>();
            if (m.errors() > 0) {
                notes.add(m.errors() + " failed");
            }
            if (m.note() != null) {
                notes.add(m.note());
            }
            out.add(new String[]{row.path(), row.load(), m.available() ? number(m.perSecond()) : "n/a",
                    millis(m.p50Ms()), millis(m.p99Ms()), row.baseline() == Baseline.NONE ? "" : ratioText, target,
                    String.join("; ", notes)});
        }
        return out;
    }

    private static String number(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "—";
        }
        return ms < 10 ? String.format(Locale.ROOT, "%.2f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    private static String[] escape(String[] line) {
        String[] out = new String[line.length];
        for (int i = 0; i < line.length; i++) {
            out[i] = line[i].replace("|", "\\|");
        }
        return out;
    }
}
