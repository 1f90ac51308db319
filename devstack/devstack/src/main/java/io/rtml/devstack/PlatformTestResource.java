package io.rtml.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For a {@code @QuarkusTest} whose service calls other rtml services: starts them (init arg
 * {@code services}, e.g. {@code REGISTRY,FEATURE_STORE}) as real processes from their packaged jars
 * and hands their URLs to the service under test as {@code quarkus.rest-client.<name>.url} and
 * {@code rtml.<name>.url}, plus the broker as {@code kafka.bootstrap.servers}, and gives the service
 * under test its own database ({@code rtml_test} plus the suffix, recreated empty) as {@code quarkus.datasource.*}.
 */
public class PlatformTestResource implements QuarkusTestResourceLifecycleManager {

    private List<LocalPlatform.Service> services = List.of();
    private String suffix = "_peer_test";
    private LocalPlatform platform;

    @Override
    public void init(Map<String, String> initArgs) {
        services = Arrays.stream(initArgs.getOrDefault("services", "").split(","))
                .filter(s -> !s.isBlank()).map(String::trim).map(LocalPlatform.Service::valueOf).toList();
        suffix = initArgs.getOrDefault("databaseSuffix", suffix);
    }

    @Override
    public Map<String, String> start() {
        try {
            platform = LocalPlatform.start(services, suffix, Map.of());
            Map<String, String> config = new HashMap<>();
            for (LocalPlatform.Service s : services) {
                String name = s.name().toLowerCase().replace('_', '-');
                config.put("quarkus.rest-client." + name + ".url", platform.url(s));
                config.put("rtml." + name + ".url", platform.url(s));
            }
            config.put("kafka.bootstrap.servers", SharedInfrastructure.kafkaBootstrap());
            config.putAll(DevAuth.forTests().serviceConfig());
            LocalPostgres pg = SharedInfrastructure.postgres();
            String database = "rtml_test" + suffix;
            pg.recreateDatabase(database);
            config.put("quarkus.datasource.username", pg.user());
            config.put("quarkus.datasource.password", pg.password());
            config.put("quarkus.datasource.reactive.url", pg.reactiveUrl(database));
            config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(database));
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start peer services " + services + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        if (platform != null) {
            platform.close();
        }
    }
}
