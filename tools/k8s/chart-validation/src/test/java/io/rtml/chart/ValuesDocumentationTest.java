package io.rtml.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rtml.chart.support.Chart;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** values.yaml, values.schema.json and the README parameter table describe the same values. */
class ValuesDocumentationTest {

    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z_][\\w.-]*):");
    private static final Pattern README_ROW = Pattern.compile("^\\| `([^`]+)` \\|");

    @Test
    void shouldCommentEveryValueInValuesYaml() throws Exception {
        Set<String> documented = documentedInValues().keySet();
        List<String> undocumented = new ArrayList<>();
        for (String leaf : leaves(new ObjectMapper(new YAMLFactory()).readTree(Chart.DIR.resolve("values.yaml").toFile()), "")) {
            if (documented.stream().noneMatch(d -> leaf.equals(d) || leaf.startsWith(d + "."))) {
                undocumented.add(leaf);
            }
        }
        assertEquals(List.of(), undocumented);
    }

    @Test
    void shouldListEveryDocumentedValueInTheReadmeParameterTable() throws Exception {
        Set<String> inValues = new TreeSet<>(documentedInValues().keySet());
        Set<String> inReadme = new TreeSet<>();
        boolean parameters = false;
        for (String line : Files.readAllLines(Chart.DIR.resolve("README.md"))) {
            parameters |= line.equals("## Parameters");
            Matcher m = README_ROW.matcher(line);
            if (parameters && m.find()) {
                inReadme.add(m.group(1));
            }
        }
        Set<String> missing = new TreeSet<>(inValues);
        missing.removeAll(inReadme);
        Set<String> stale = new TreeSet<>(inReadme);
        stale.removeAll(inValues);
        assertEquals(Set.of(), missing, "values missing from the README parameter table");
        assertEquals(Set.of(), stale, "README rows for values that do not exist");
    }

    @Test
    void shouldDescribeEveryDocumentedValueInTheSchemaAndForbidUnknownKeys() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(Chart.DIR.resolve("values.schema.json").toFile());
        for (String path : documentedInValues().keySet()) {
            JsonNode node = schema;
            for (String part : path.split("\\.")) {
                assertTrue(node.path("properties").has(part), path + " is missing from values.schema.json");
                assertTrue(node.path("additionalProperties").isBoolean() && !node.path("additionalProperties").asBoolean(),
                        "the object holding " + path + " must forbid unknown keys");
                node = node.path("properties").path(part);
            }
            assertTrue(node.has("description"), path);
        }
    }

    /** Paths of keys with a "# --" comment right above them, and the comment. */
    static Map<String, String> documentedInValues() throws Exception {
        Map<String, String> documented = new LinkedHashMap<>();
        List<String> stack = new ArrayList<>();
        String pending = null;
        for (String line : Files.readAllLines(Chart.DIR.resolve("values.yaml"))) {
            String trimmed = line.trim();
            if (trimmed.startsWith("# -- ")) {
                pending = trimmed.substring(5);
                continue;
            }
            Matcher m = KEY.matcher(line);
            if (m.find()) {
                int depth = m.group(1).length() / 2;
                while (stack.size() > depth) {
                    stack.remove(stack.size() - 1);
                }
                stack.add(m.group(2));
                if (pending != null) {
                    documented.put(String.join(".", stack), pending);
                }
            }
            if (!trimmed.startsWith("#")) {
                pending = null;
            }
        }
        return documented;
    }

    static List<String> leaves(JsonNode node, String path) {
        List<String> leaves = new ArrayList<>();
        if (node.isObject() && node.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                leaves.addAll(leaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey()));
            }
        } else {
            leaves.add(path);
        }
        return leaves;
    }
}
