package io.rtml.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code ./rtml bench}: prepares the stack (models, features), runs every serving row, and prints one
 * table, also as Markdown with {@code --markdown FILE}. Not a test: figures depend on the machine, and
 * only ratios within one run mean much.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        BenchConfig config;
        try {
            config = BenchConfig.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        if ((config.runs("trivial") || config.runs("infer") || config.runs("predict") || config.runs("batching"))
                && !Wrk.installed()) {
            System.err.println("rtml bench: no 'wrk' on the PATH; install it (apt-get install -y wrk) or run "
                    + "./rtml bench, which does when it can");
            System.exit(1);
        }
        Machine machine = Machine.describe();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        out.println("[bench] " + machine.oneLine());
        BenchSetup.Prepared prepared = new BenchSetup(config, out).prepare();
        Path scripts = Files.createTempDirectory("rtml-bench-");
        ResultTable table;
        try {
            table = new BenchRun(config, prepared, scripts, out).run();
        } finally {
            deleteTree(scripts);
        }
        String command = System.getenv().getOrDefault("RTML_BENCH_COMMAND", "rtml-bench " + String.join(" ", args));
        out.println();
        out.println("rtml bench, " + started + " — " + command);
        out.println(machine.oneLine());
        out.println();
        out.print(table.plain());
        if (config.markdown() != null) {
            String md = "Run " + started + ", `" + command + "`"
                    + System.getenv().getOrDefault("RTML_BENCH_COMMIT", "").transform(c -> c.isBlank() ? ""
                    : " at commit `" + c + "`") + ".\n\n"
                    + "Machine: " + machine.oneLine() + ".\n\n" + table.markdown();
            Files.writeString(config.markdown(), md, StandardCharsets.UTF_8);
            out.println();
            out.println("[bench] Markdown table written to " + config.markdown());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
