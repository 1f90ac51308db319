package io.rtml.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A single-node Kafka broker in KRaft mode, run in its own JVM from the jars that
 * {@code devstack/kafka-broker} resolves from Maven Central. Running it out of process keeps the
 * broker's Scala and server jars away from the Quarkus classpath of the service under test.
 */
public final class LocalKafka implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path logFile;

    private LocalKafka(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** Formats {@code dataDir} on first use, starts the broker and waits until it accepts connections. */
    public static LocalKafka start(Path dataDir, int port, int controllerPort, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        Path logDir = dataDir.resolve("log");
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, serverProperties(logDir, port, controllerPort), StandardCharsets.UTF_8);
        String classpath = brokerClasspath();
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            run(List.of(javaBinary(), "-cp", classpath, "kafka.tools.StorageTool", "format",
                    "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                    "-c", config.toString()), dataDir.resolve("format.log"));
        }
        Path logFile = dataDir.resolve("broker.log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms128m", "-Xmx512m",
                "-Dlog4j2.configurationFile=" + writeLogConfig(dataDir),
                "-cp", classpath, "kafka.Kafka", config.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        LocalKafka kafka = new LocalKafka(process, port, logFile);
        kafka.awaitReady(timeout);
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Process process() {
        return process;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("Kafka broker exited with code " + process.exitValue()
                        + "; last lines of " + logFile + ":\n" + Ports.tail(logFile, 30));
            }
            if (Ports.isOpen("127.0.0.1", port) && Files.readString(logFile).contains("Kafka Server started")) {
                return;
            }
            Thread.sleep(250);
        }
        close();
        throw new IOException("Kafka broker did not start within " + timeout + "; last lines of "
                + logFile + ":\n" + Ports.tail(logFile, 30));
    }

    static String serverProperties(Path logDir, int port, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + logDir,
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    private static Path writeLogConfig(Path dataDir) throws IOException {
        Path file = dataDir.resolve("log4j2.properties");
        Files.writeString(file, String.join("\n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.out.ref=out",
                "appender.out.type=Console",
                "appender.out.name=out",
                "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=%d{ISO8601} %-5p [%c{1}] %m%n",
                "logger.kafka.name=kafka",
                "logger.kafka.level=WARN",
                "logger.server.name=kafka.server.KafkaRaftServer",
                "logger.server.level=INFO",
                "logger.org.name=org.apache.kafka",
                "logger.org.level=WARN",
                ""), StandardCharsets.UTF_8);
        return file;
    }

    /** The classpath file written by devstack/kafka-broker; see the root pom. */
    static String brokerClasspath() throws IOException {
        String configured = System.getProperty("rtml.kafka.classpath", System.getenv("RTML_KAFKA_CLASSPATH"));
        Path file = configured != null ? Path.of(configured) : null;
        if (file == null || !Files.isRegularFile(file)) {
            file = findUpwards("devstack/kafka-broker/target/broker-classpath.txt");
        }
        if (file == null || !Files.isRegularFile(file)) {
            throw new IOException("Kafka broker classpath not found (" + file + "): build devstack/kafka-broker first "
                    + "(mvn -pl devstack/kafka-broker generate-resources)");
        }
        return Files.readString(file).trim();
    }

    private static Path findUpwards(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException("Command failed: " + command.get(command.size() - 3) + "; see " + log
                    + ":\n" + Ports.tail(log, 20));
        }
    }
}
