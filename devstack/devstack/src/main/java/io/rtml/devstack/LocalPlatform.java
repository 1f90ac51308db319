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

    /**
     * A service module: folder, database (null when it keeps none), and its place in the start order: a
     * service starts after those it calls (the registry calls the feature store; inference both; the
     * monitor the registry), so it is given their URLs.
     */
    public enum Service {
        REGISTRY("registry-service", "rtml_registry", 1),
        FEATURE_STORE("feature-store-service", "rtml_features", 0),
        INFERENCE("inference-service", "rtml_inference", 2),
        MONITOR("monitor-service", "rtml_monitor", 3);

        final String module;
        final String database;
        final int startRank;

        Service(String module, String database, int startRank) {
            this.module = module;
            this.database = database;
            this.startRank = startRank;
        }
    }

    private final List<ServiceProcess> started = new ArrayList<>();
    private final Map<Service, String> urls = new LinkedHashMap<>();
    private final Map<Service, Map<String, String>> envs = new LinkedHashMap<>();
    private final Map<Service, ServiceProcess> processes = new LinkedHashMap<>();
    private Path root;
    private Path logs;
    private String suffix;

    private LocalPlatform() {
    }

    /**
     * Starts the given services in start order (whatever order they are listed in). Ports are chosen before any
     * starts, so every service learns the URLs of all the others, also of those that start after it (the
     * registry's gate calls inference, which starts later). Without inference the registry's load-and-answer
     * check is switched off: nothing could run it.
     */
    public static LocalPlatform start(List<Service> requested, String databaseSuffix, Map<String, String> extraEnv)
            throws Exception {
        List<Service> services = requested.stream().sorted(java.util.Comparator.comparingInt(s -> s.startRank)).toList();
        Path root = repositoryRoot();
        LocalPostgres pg = SharedInfrastructure.postgres();
        String kafka = SharedInfrastructure.kafkaBootstrap();
        Path logs = Files.createDirectories(root.resolve("target").resolve("platform-logs"));
        LocalPlatform platform = new LocalPlatform();
        platform.root = root;
        platform.logs = logs;
        platform.suffix = databaseSuffix;
        Map<Service, Integer> ports = new HashMap<>();
        for (Service service : services) {
            ports.put(service, Ports.freePort());
        }
        try {
            for (Service service : services) {
                Map<String, String> env = new HashMap<>(DevAuth.forTests().serviceEnvironment());
                env.putAll(extraEnv);
                env.put("RTML_KAFKA_BOOTSTRAP", kafka);
                env.put("RTML_PG_USER", pg.user());
                env.put("RTML_PG_PASSWORD", pg.password());
                if (service.database != null) {
                    String db = service.database + databaseSuffix;
                    pg.recreateDatabase(db);
                    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", pg.reactiveUrl(db));
                    env.put("QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl(db));
                }
                ports.forEach((s, port) -> env.put("RTML_" + s.name() + "_URL", "http://127.0.0.1:" + port));
                if (service == Service.REGISTRY && !services.contains(Service.INFERENCE)) {
                    env.put("RTML_REGISTRY_GATE_LOAD_CHECK", "false");
                }
                env.put("RTML_INFERENCE_SPILL_DIR", logs.resolve("spill-" + databaseSuffix).toString());
                platform.envs.put(service, env);
                ServiceProcess process = platform.launch(service, ports.get(service), "");
                platform.urls.put(service, process.url());
            }
            return platform;
        } catch (Exception e) {
            platform.close();
            throw e;
        }
    }

    private ServiceProcess launch(Service service, int port, String logTag) throws IOException, InterruptedException {
        ServiceProcess process = ServiceProcess.start(service.module,
                root.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar"), port, envs.get(service),
                logs.resolve(service.module + suffix + logTag + ".log"), Duration.ofSeconds(120));
        started.add(process);
        processes.put(service, process);
        return process;
    }

    /**
     * Starts one more replica of a started service: the same environment and database on a free port (and, for
     * inference, a free gRPC port), as a second pod of one Deployment. It is stopped with the platform; close it
     * earlier to take the replica away, and call this again to bring one back.
     */
    public ServiceProcess startReplica(Service service, String tag) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(envs.get(service));
        if (service == Service.INFERENCE) {
            env.put("RTML_INFERENCE_GRPC_PORT", Integer.toString(Ports.freePort()));
            env.put("RTML_INFERENCE_SPILL_DIR", logs.resolve("spill-" + suffix + "-" + tag).toString());
        }
        ServiceProcess process = ServiceProcess.start(service.module,
                root.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar"), Ports.freePort(), env,
                logs.resolve(service.module + suffix + "-" + tag + ".log"), Duration.ofSeconds(120));
        started.add(process);
        return process;
    }

    /** Kills the service's process (SIGKILL: no graceful shutdown), as a crash would. */
    public void kill(Service service) throws InterruptedException {
        process(service).kill();
    }

    /** Starts the service again on the same port, with the same environment and database; waits until ready. */
    public void restart(Service service) throws IOException, InterruptedException {
        ServiceProcess old = process(service);
        old.close();
        launch(service, old.port(), "-restarted");
    }

    private ServiceProcess process(Service service) {
        ServiceProcess process = processes.get(service);
        if (process == null) {
            throw new IllegalStateException(service + " was not started");
        }
        return process;
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
