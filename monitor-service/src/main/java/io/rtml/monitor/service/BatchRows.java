package io.rtml.monitor.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.contracts.profile.FeatureProfile;
import io.rtml.contracts.profile.NumericProfile;
import io.rtml.contracts.profile.NumericValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the rows of a batch drift report, one line at a time (nothing but the current line is held), and
 * folds each into a profile shaped like the version's baseline, checking it against the baseline's
 * features: a field the baseline does not have, a numeric feature whose value is not a number, a value
 * that is an object or a list. Every problem is kept with its line number (the first
 * {@link #MAX_PROBLEMS}), so the caller can refuse the batch saying which rows are wrong.
 */
final class BatchRows {

    static final int MAX_PROBLEMS = 20;
    private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {
    };

    private final DatasetProfile baseline;
    private final DatasetProfile folded;
    private final List<String> problems = new ArrayList<>();
    private long problemCount;
    private long rows;

    BatchRows(DatasetProfile baseline) {
        this.baseline = baseline;
        this.folded = baseline.emptyCopy();
    }

    /** JSON lines: one object per line, blank lines skipped. */
    void readJsonLines(BufferedReader in, ObjectMapper mapper) throws IOException {
        String line;
        long number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = mapper.readTree(line);
            } catch (JsonProcessingException e) {
                problem(number, "not JSON (" + e.getOriginalMessage() + ")");
                continue;
            }
            if (node == null || !node.isObject()) {
                problem(number, "not a JSON object");
                continue;
            }
            // The same conversion as a prediction's inputs read from Kafka, so a value bins the same way.
            Map<String, Object> row = mapper.convertValue(node, ROW);
            boolean ok = true;
            for (Map.Entry<String, Object> field : row.entrySet()) {
                if (field.getValue() instanceof Map || field.getValue() instanceof List) {
                    problem(number, "'" + field.getKey() + "' is an object or a list, not a value");
                    ok = false;
                }
            }
            if (ok) {
                fold(number, row);
            }
        }
    }

    /** CSV with a header line naming the columns; RFC 4180 quoting; an empty cell is a missing value. */
    void readCsv(BufferedReader in) throws IOException {
        String header = in.readLine();
        if (header == null) {
            return;
        }
        List<String> columns = Csv.split(header);
        for (String c : columns) {
            if (baseline.feature(c) == null) {
                problem(1, "column '" + c + "' is not a feature of the baseline (" + String.join(", ",
                        baseline.features().keySet()) + ")");
            }
        }
        if (problemCount > 0) {
            return;
        }
        String line;
        long number = 1;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = Csv.split(line);
            if (cells.size() != columns.size()) {
                problem(number, cells.size() + " cells, the header has " + columns.size());
                continue;
            }
            Map<String, Object> row = new HashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                row.put(columns.get(i), cells.get(i).isEmpty() ? null : cells.get(i));
            }
            fold(number, row);
        }
    }

    private void fold(long line, Map<String, Object> row) {
        boolean ok = true;
        for (Map.Entry<String, Object> e : row.entrySet()) {
            FeatureProfile expected = baseline.feature(e.getKey());
            if (expected == null) {
                problem(line, "'" + e.getKey() + "' is not a feature of the baseline");
                ok = false;
            } else if (expected instanceof NumericProfile && e.getValue() != null
                    && !e.getValue().toString().isBlank() && Double.isNaN(NumericValue.of(e.getValue()))) {
                problem(line, "'" + e.getKey() + "' is numeric, got '" + e.getValue() + "'");
                ok = false;
            }
        }
        if (ok) {
            folded.add(row);
            rows++;
        }
    }

    private void problem(long line, String what) {
        problemCount++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add("line " + line + ": " + what);
        }
    }

    DatasetProfile folded() {
        return folded;
    }

    long rows() {
        return rows;
    }

    List<String> problems() {
        return problems;
    }

    long problemCount() {
        return problemCount;
    }

    /** The smallest correct CSV line splitter: commas, double-quoted cells, doubled quotes inside them. */
    static final class Csv {
        private Csv() {
        }

        static List<String> split(String line) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString().trim());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString().trim());
            if (cells.size() == 1 && cells.get(0).isEmpty()) {
                return List.of();
            }
            return cells;
        }
    }
}
