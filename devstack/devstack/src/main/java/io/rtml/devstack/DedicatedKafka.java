package io.rtml.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real broker of one test's own, which the test can stop and start again on the same ports and data to
 * see what a service does while Kafka is down and that it recovers by itself afterwards. The shared broker
 * ({@link SharedInfrastructure#kafkaBootstrap()}) is never stopped, so other tests are unaffected. A proxy
 * cannot stand in here: Kafka clients only bootstrap through the address they are given and then connect
 * to the address the broker advertises.
 */
public final class DedicatedKafka {

    private static final Map<String, DedicatedKafka> NAMED = new ConcurrentHashMap<>();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private LocalKafka broker;

    private DedicatedKafka() throws IOException {
        this.dataDir = Files.createTempDirectory("rtml-test-kafka-dedicated");
        this.port = Ports.freePort();
        this.controllerPort = Ports.freePort();
    }

    /** The broker registered under {@code name}, started (with the default topics) on first use. */
    public static DedicatedKafka named(String name) {
        return NAMED.computeIfAbsent(name, n -> {
            try {
                DedicatedKafka kafka = new DedicatedKafka();
                kafka.start();
                KafkaTopics.ensure(kafka.bootstrapServers(), KafkaTopics.DEFAULTS);
                Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "rtml-test-kafka-" + n + "-stop"));
                return kafka;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the dedicated broker " + n + ": " + e.getMessage(), e);
            }
        });
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Kafka goes away: the broker process ends; its data stays for {@link #start()}. */
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** Starts the broker (again) on the same ports over the same data, and waits until it accepts clients. */
    public synchronized void start() {
        if (broker != null) {
            return;
        }
        try {
            broker = LocalKafka.start(dataDir, port, controllerPort, START_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the dedicated broker", e);
        }
    }
}
