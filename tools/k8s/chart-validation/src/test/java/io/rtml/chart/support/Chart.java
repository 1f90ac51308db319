package io.rtml.chart.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Renders helm/rtml with the helm binary (system property helm.bin) and parses what it prints. */
public final class Chart {

    /** Method source of parameterized tests that run once per values file under ci/. */
    public static final String CI_VALUES = "io.rtml.chart.support.Chart#ciValuesFiles";
    public static final String RELEASE = "rtml";
    public static final String NAMESPACE = "rtml";
    public static final Path DIR = Path.of(System.getProperty("chart.dir", "../../../helm/rtml")).toAbsolutePath().normalize();
    private static final String HELM = System.getProperty("helm.bin", "helm");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<List<String>, Rendered> CACHE = new ConcurrentHashMap<>();

    private Chart() {
    }

    /** The values files under ci/, one per scenario the chart must render. */
    public static List<String> ciValuesFiles() {
        try (Stream<Path> files = Files.list(DIR.resolve("ci"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Renders with ci/{valuesFile} and extra --set arguments ("key=value" or a whole flag such as "--set-json=k=[]"). */
    public static Rendered render(String valuesFile, String... sets) {
        return CACHE.computeIfAbsent(valuesArgs(valuesFile, sets), Chart::renderUncached);
    }

    /** Renders defaults with extra --set arguments. */
    public static Rendered renderDefaults(String... sets) {
        return render("default-values.yaml", sets);
    }

    /** Runs helm template expecting it to fail; returns what helm printed. */
    public static String renderFailure(String valuesFile, String... sets) {
        List<String> args = valuesArgs(valuesFile, sets);
        Result result = helm(args);
        if (result.exitCode == 0) {
            throw new AssertionError("helm template succeeded but should have failed for " + args);
        }
        return result.output;
    }

    /** -f ci/{valuesFile}, then "--set key=value" for each set, or the set itself when it is a flag (--set-json=...). */
    private static List<String> valuesArgs(String valuesFile, String... sets) {
        List<String> args = new ArrayList<>(List.of("-f", DIR.resolve("ci").resolve(valuesFile).toString()));
        for (String set : sets) {
            if (!set.startsWith("--")) {
                args.add("--set");
            }
            args.add(set);
        }
        return List.copyOf(args);
    }

    private static Rendered renderUncached(List<String> args) {
        Result result = helm(args);
        if (result.exitCode != 0) {
            throw new AssertionError("helm template failed for " + args + ":\n" + result.output);
        }
        try {
            List<JsonNode> docs = new ArrayList<>();
            for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(result.output).readAll()) {
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
                    docs.add(doc);
                }
            }
            return new Rendered(docs);
        } catch (IOException e) {
            throw new AssertionError("helm printed YAML that does not parse for " + args, e);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result helm(List<String> valuesArgs) {
        List<String> command = new ArrayList<>(List.of(HELM, "template", RELEASE, DIR.toString(), "--namespace", NAMESPACE));
        command.addAll(valuesArgs);
        try {
            Path out = Files.createTempFile("helm-template", ".yaml");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("helm template timed out: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + HELM + " (set -Dhelm.bin)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
