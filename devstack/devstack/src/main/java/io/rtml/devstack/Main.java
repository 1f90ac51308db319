package io.rtml.devstack;

import io.rtml.contracts.security.Roles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point the {@code rtml} launcher uses for infrastructure.
 *
 * <pre>
 *   kafka DATA_DIR PORT CONTROLLER_PORT      run a broker until this process is stopped
 *   postgres DATA_DIR PORT DB[,DB...]        create the databases on the local server, or run an
 *                                            embedded one on PORT until stopped; prints the mode
 *   topics BOOTSTRAP NAME=PARTITIONS[,...]   create the topics (or grow them to that many partitions)
 *   auth DIR                                 make the development token issuer's key pair in DIR (kept when
 *                                            there) and a fresh service token; prints the services' settings
 *   token DIR ROLE [--tenant ID] [--subject S] [--hours H]
 *                                            print a token of that issuer (8 hours unless told)
 * </pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        switch (args[0]) {
            case "kafka" -> runKafka(args);
            case "postgres" -> runPostgres(args);
            case "topics" -> createTopics(args);
            case "auth" -> setUpAuth(args);
            case "token" -> printToken(args);
            default -> usage();
        }
    }

    private static void runKafka(String[] args) throws Exception {
        if (args.length != 4) {
            usage();
        }
        LocalKafka kafka = LocalKafka.start(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Duration.ofSeconds(90));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "kafka-stop"));
        System.out.println("kafka ready on " + kafka.bootstrapServers());
        System.exit(kafka.process().waitFor());
    }

    private static void runPostgres(String[] args) throws Exception {
        if (args.length != 4) {
            usage();
        }
        String[] databases = args[3].split(",");
        LocalPostgres local = LocalPostgres.existing();
        if (local != null) {
            for (String db : databases) {
                local.createDatabaseIfMissing(db);
            }
            System.out.println("postgres external on port " + local.port() + ": " + Arrays.toString(databases));
            return;
        }
        LocalPostgres embedded = LocalPostgres.embedded(Path.of(args[1]), Integer.parseInt(args[2]));
        for (String db : databases) {
            embedded.createDatabaseIfMissing(db);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                embedded.close();
            } catch (Exception ignored) {
                // exiting
            }
        }, "postgres-stop"));
        System.out.println("postgres embedded ready on port " + embedded.port());
        new CountDownLatch(1).await();
    }

    private static void createTopics(String[] args) throws Exception {
        if (args.length != 3) {
            usage();
        }
        var topics = KafkaTopics.parse(args[2]);
        KafkaTopics.ensure(args[1], topics);
        System.out.println("topics ready: " + topics);
    }

    private static void setUpAuth(String[] args) {
        if (args.length != 2) {
            usage();
        }
        DevAuth.in(Path.of(args[1])).serviceEnvironment().forEach((k, v) -> System.out.println(k + "=" + v));
    }

    private static void printToken(String[] args) {
        if (args.length < 3) {
            usage();
        }
        String role = args[2];
        if (!Roles.ALL.contains(role)) {
            System.err.println("unknown role '" + role + "': one of " + String.join(", ", Roles.ALL));
            System.exit(2);
        }
        String tenant = null;
        String subject = null;
        long hours = 8;
        for (int i = 3; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--tenant" -> tenant = value;
                case "--subject" -> subject = value;
                case "--hours" -> hours = Long.parseLong(value);
                default -> usage();
            }
            if (value == null) {
                usage();
            }
            i++;
        }
        if (Roles.TENANT.equals(role) && tenant == null) {
            System.err.println("a tenant token needs --tenant ID");
            System.exit(2);
        }
        if (subject == null) {
            subject = tenant != null ? "tenant-" + tenant : "dev-" + role;
        }
        System.out.println(DevAuth.existing(Path.of(args[1])).mint(subject, Set.of(role), tenant, Duration.ofHours(hours)));
    }

    private static void usage() {
        System.err.println("usage: kafka DATA_DIR PORT CONTROLLER_PORT | postgres DATA_DIR PORT DB[,DB...]"
                + " | topics BOOTSTRAP NAME=PARTITIONS[,...] | auth DIR"
                + " | token DIR ROLE [--tenant ID] [--subject S] [--hours H]");
        System.exit(2);
    }
}
