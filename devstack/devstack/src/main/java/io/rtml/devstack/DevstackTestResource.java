package io.rtml.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL database (fresh each JVM) and a real Kafka broker.
 *
 * <p>Init arg {@code database} names the database. A broker is reused when {@code RTML_KAFKA_BOOTSTRAP}
 * is set (the {@code rtml test} command starts one for the whole run); otherwise one is started per
 * test JVM and stopped when it exits.
 */
public class DevstackTestResource implements QuarkusTestResourceLifecycleManager {

    private static LocalKafka kafka;
    private static LocalPostgres postgres;
    private String database = "rtml_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        try {
            LocalPostgres pg = postgres();
            pg.recreateDatabase(database);
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.datasource.username", pg.user());
            config.put("quarkus.datasource.password", pg.password());
            config.put("quarkus.datasource.reactive.url", pg.reactiveUrl(database));
            config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(database));
            config.put("kafka.bootstrap.servers", kafkaBootstrap());
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start test infrastructure: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        // Broker and embedded database live until the JVM exits: the next test class reuses them.
    }

    public static synchronized String kafkaBootstrap() throws Exception {
        String shared = System.getenv("RTML_KAFKA_BOOTSTRAP");
        if (shared != null && !shared.isBlank()) {
            return shared;
        }
        if (kafka == null) {
            Path dir = Files.createTempDirectory("rtml-test-kafka");
            kafka = LocalKafka.start(dir, Ports.freePort(), Ports.freePort(), Duration.ofSeconds(60));
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
