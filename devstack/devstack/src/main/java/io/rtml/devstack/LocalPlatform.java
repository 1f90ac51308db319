package io.rtml.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rtml services as separate processes, the way {@code ./rtml up} runs them, on free ports,
 * against a real broker and real databases (suffixed, recreated empty). Used by tests that need the
 * real neighbours of the service under test, and by the end-to-end test.
 */
public final class LocalPlatform implements AutoCloseable {

    /** A service module: folder, database (null when it keeps none). */
    public enum Service {
        REGISTRY("registry-service", "rtml_registry"),
        FEATURE_STORE("feature-store-service", "rtml_features"),
        INFERENCE("inference-service", null),
        MONITOR("monitor-service", "rtml_monitor");

        final String module;
        final String database;

        Service(String module, String database) {
            this.module = module;
            this.database = database;
        }
    }

    private final List<ServiceProcess> started = new ArrayList<>();
    private final Map<Service, String> urls = new LinkedHashMap<>();

    private LocalPlatform() {
    }

    /** Starts the given services in order; each later one learns the earlier ones' URLs. */
    public static LocalPlatform start(List<Service> services, String databaseSuffix, Map<String, String> extraEnv)
            throws Exception {
        Path root = repositoryRoot();
        LocalPostgres pg = SharedInfrastructure.postgres();
        String kafka = SharedInfrastructure.kafkaBootstrap();
        Path logs = Files.createDirectories(root.resolve("target").resolve("platform-logs"));
        LocalPlatform platform = new LocalPlatform();
        try {
            for (Service service : services) {
                Map<String, String> env = new HashMap<>(extraEnv);
                env.put("RTML_KAFKA_BOOTSTRAP", kafka);
                env.put("RTML_PG_USER", pg.user());
                env.put("RTML_PG_PASSWORD", pg.password());
                if (service.database != null) {
                    String db = service.database + databaseSuffix;
                    pg.recreateDatabase(db);
                    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", pg.reactiveUrl(db));
                    env.put("QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl(db));
                }
                platform.urls.forEach((s, url) -> env.put("RTML_" + s.name() + "_URL", url));
                env.put("RTML_INFERENCE_SPILL_DIR", logs.resolve("spill-" + databaseSuffix).toString());
                int port = Ports.freePort();
                ServiceProcess process = ServiceProcess.start(service.module,
                        root.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar"), port, env,
                        logs.resolve(service.module + databaseSuffix + ".log"), Duration.ofSeconds(120));
                platform.started.add(process);
                platform.urls.put(service, process.url());
            }
            return platform;
        } catch (Exception e) {
            platform.close();
            throw e;
        }
    }

    public String url(Service service) {
        String url = urls.get(service);
        if (url == null) {
            throw new IllegalStateException(service + " was not started");
        }
        return url;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    static Path repositoryRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("devstack/kafka-broker"))) {
                return dir;
            }
        }
        throw new IOException("Not inside the rtml repository: no devstack/kafka-broker above " + Path.of("").toAbsolutePath());
    }
}
