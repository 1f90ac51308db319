package io.rtml.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL database (init arg {@code database}, recreated empty)
 * and a real Kafka broker, both from {@link SharedInfrastructure}, and makes the service trust the test
 * JVM's token issuer ({@link DevAuth#forTests()}, tokens from {@link Tokens}). With init arg {@code databaseProxy=NAME}
 * the service reaches the database through a {@link TcpProxy} the test gets with {@code TcpProxy.named(NAME)},
 * to cut and restore it. With init arg {@code dedicatedKafka=NAME} the service gets a broker of its own, a
 * {@link DedicatedKafka} the test gets with {@code DedicatedKafka.named(NAME)}, to stop and start again.
 */
public class DevstackTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "rtml_test";
    private String proxyName;
    private String dedicatedKafka;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        proxyName = initArgs.get("databaseProxy");
        dedicatedKafka = initArgs.get("dedicatedKafka");
    }

    @Override
    public Map<String, String> start() {
        try {
            LocalPostgres pg = SharedInfrastructure.postgres();
            pg.recreateDatabase(database);
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.datasource.username", pg.user());
            config.put("quarkus.datasource.password", pg.password());
            if (proxyName == null) {
                config.put("quarkus.datasource.reactive.url", pg.reactiveUrl(database));
                config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(database));
            } else {
                TcpProxy proxy = TcpProxy.named(proxyName, pg.host(), pg.port());
                config.put("quarkus.datasource.reactive.url", pg.reactiveUrl(database, proxy));
                config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(database, proxy));
            }
            config.put("kafka.bootstrap.servers", dedicatedKafka == null
                    ? SharedInfrastructure.kafkaBootstrap() : DedicatedKafka.named(dedicatedKafka).bootstrapServers());
            config.putAll(DevAuth.forTests().serviceConfig());
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start test infrastructure: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        // Broker and embedded database live until the JVM exits: the next test class reuses them.
    }
}
