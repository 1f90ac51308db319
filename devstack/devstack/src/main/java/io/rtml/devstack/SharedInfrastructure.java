package io.rtml.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One broker and one PostgreSQL per test JVM, started on first use and stopped when the JVM exits.
 * A broker is reused when {@code RTML_KAFKA_BOOTSTRAP} is set.
 */
public final class SharedInfrastructure {

    private static LocalKafka kafka;
    private static LocalPostgres postgres;

    private SharedInfrastructure() {
    }

    public static synchronized String kafkaBootstrap() throws Exception {
        String shared = System.getenv("RTML_KAFKA_BOOTSTRAP");
        if (shared != null && !shared.isBlank()) {
            return shared;
        }
        if (kafka == null) {
            Path dir = Files.createTempDirectory("rtml-test-kafka");
            kafka = LocalKafka.start(dir, Ports.freePort(), Ports.freePort(), Duration.ofSeconds(60));
            // The partition counts the launcher gives these topics, so tests see consumer groups as deployed.
            KafkaTopics.ensure(kafka.bootstrapServers(), KafkaTopics.DEFAULTS);
            LocalKafka started = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "rtml-test-kafka-stop"));
        }
        return kafka.bootstrapServers();
    }

    public static synchronized LocalPostgres postgres() throws Exception {
        if (postgres == null) {
            postgres = LocalPostgres.existingOrEmbedded(Files.createTempDirectory("rtml-test-pg"));
            LocalPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception ignored) {
                    // JVM is exiting.
                }
            }, "rtml-test-pg-stop"));
        }
        return postgres;
    }
}
