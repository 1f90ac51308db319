package io.rtml.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the stack is and how long each row runs. Defaults are the local stack of {@code ./rtml up};
 * every value can be changed on the command line (see {@link #USAGE}).
 *
 * @param rowDuration    how long each row is measured (after its warm-up)
 * @param warmup         how long each row runs before it is measured, so JIT, pools and caches are warm
 * @param recipients     entity keys given features; requests pick one at random each time
 * @param streamRecords  records for the two stream rows (pass-through and stream scoring)
 * @param streamTimeout  the stream scoring row stops waiting for results after this long
 * @param markdown       where to write the table as Markdown as well, or {@code null}
 */
public record BenchConfig(URI registryUrl, URI featureStoreUrl, URI inferenceUrl, String grpcHost, int grpcPort,
                          String kafkaBootstrap, Duration rowDuration, Duration warmup, int recipients,
                          int trainingRows, int streamRecords, Duration streamTimeout, int wrkThreads,
                          Path markdown, List<String> only) {

    public static final String USAGE = """
            usage: bench [--seconds N] [--warmup N] [--recipients N] [--stream-records N] [--markdown FILE]
                         [--only ROW,ROW...]   rows: trivial, infer, predict, bundle, batching, features, grpc, streams
            Stack addresses come from RTML_REGISTRY_URL, RTML_FEATURE_STORE_URL, RTML_INFERENCE_URL,
            RTML_INFERENCE_GRPC_PORT and RTML_KAFKA_BOOTSTRAP (defaults: the ports of ./rtml up).""";

    /** The row groups {@code --only} can name. */
    public static final List<String> GROUPS = List.of("trivial", "infer", "predict", "bundle", "batching", "features",
            "grpc", "streams");

    public static BenchConfig fromArgs(String[] args) {
        Duration row = Duration.ofSeconds(10);
        Duration warmup = Duration.ofSeconds(3);
        int recipients = 10_000;
        int streamRecords = 10_000;
        Path markdown = null;
        List<String> only = GROUPS;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--seconds" -> row = Duration.ofSeconds(positive(arg, value(args, ++i, arg)));
                case "--warmup" -> warmup = Duration.ofSeconds(positive(arg, value(args, ++i, arg)));
                case "--recipients" -> recipients = positive(arg, value(args, ++i, arg));
                case "--stream-records" -> streamRecords = positive(arg, value(args, ++i, arg));
                case "--markdown" -> markdown = Path.of(value(args, ++i, arg));
                case "--only" -> only = groups(value(args, ++i, arg));
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        return new BenchConfig(env("RTML_REGISTRY_URL", "http://127.0.0.1:8081"),
                env("RTML_FEATURE_STORE_URL", "http://127.0.0.1:8082"),
                env("RTML_INFERENCE_URL", "http://127.0.0.1:8083"),
                env("RTML_INFERENCE_URL", "http://127.0.0.1:8083").getHost(),
                Integer.parseInt(System.getenv().getOrDefault("RTML_INFERENCE_GRPC_PORT", "9083")),
                System.getenv().getOrDefault("RTML_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                row, warmup, recipients, 3_000, streamRecords, Duration.ofSeconds(90),
                Math.max(1, Runtime.getRuntime().availableProcessors()), markdown, only);
    }

    public boolean runs(String group) {
        return only.contains(group);
    }

    private static List<String> groups(String csv) {
        List<String> out = new ArrayList<>();
        for (String g : csv.split(",")) {
            String name = g.trim();
            if (!GROUPS.contains(name)) {
                throw new IllegalArgumentException("--only: unknown row group '" + name + "' (one of " + GROUPS + ")");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    private static URI env(String name, String fallback) {
        return URI.create(System.getenv().getOrDefault(name, fallback));
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int positive(String flag, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(flag + " must be a positive whole number, got '" + value + "'");
    }
}
