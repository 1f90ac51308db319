package io.rtml.chart.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The metric names a PromQL expression reads. Not a parser (promtool parses every expression in check-chart.sh):
 * strings, label matchers, ranges and grouping clauses are removed, then every identifier that is not a function
 * call, keyword or Grafana variable is a metric name.
 */
public final class PromQl {

    private static final Pattern STRING = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan",
            "by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQl() {
    }

    public static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group(1);
            if (!KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    /** Metric names listed one per line in helm/rtml/tests/{file}. */
    public static Set<String> listed(String file) {
        try {
            return Files.readAllLines(Chart.DIR.resolve("tests").resolve(file)).stream()
                    .map(String::trim).filter(l -> !l.isEmpty())
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Metrics dashboards and alerts may read: what the services expose plus DCGM and Prometheus' own. */
    public static Set<String> allowed() {
        Set<String> allowed = new LinkedHashSet<>(listed("exposed-metrics.txt"));
        allowed.addAll(listed("external-metrics.txt"));
        return allowed;
    }
}
