package io.rtml.monitor.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP peer standing in for the registry's {@code GET /api/v1/models/{m}/versions/{v}}:
 * version 1 of any model has the {@link Traffic#baseline()} profile (models named {@code cbpe-*}: with the
 * reliability table of {@link Traffic#baselineWithReliability()}), version 2 has no profile, models
 * named {@code flaky-*} answer 503 to their first three requests, versions above 2 are 404. Its
 * {@code GET .../aliases} names version 1 champion (models named {@code nochamp-*} have no alias), and
 * {@code GET /api/v1/models} (the catalogue) answers 503, and
 * {@code GET .../route} is off (models named {@code canary-*}: a 10 % canary of version 2).
 * {@code GET /api/v1/models/{m}} declares KPI open-within-window (a rate of opened) for
 * models named {@code kpi-*}, revenue-per-email (a mean of revenue) for {@code rev-*}, and none for the others.
 */
public class RegistryStub implements QuarkusTestResourceLifecycleManager {

    private static final Pattern VERSION = Pattern.compile("/api/v1/models/([^/]+)/versions/(\\d+)");
    private static final Pattern ALIASES = Pattern.compile("/api/v1/models/([^/]+)/aliases");
    private static final Pattern ROUTE = Pattern.compile("/api/v1/models/([^/]+)/route");
    private static final Pattern MODEL = Pattern.compile("/api/v1/models/([^/]+)");

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private HttpServer server;
    private byte[] withBaseline;
    private byte[] withReliability;

    @Override
    public Map<String, String> start() {
        try {
            ObjectMapper mapper = new ObjectMapper();
            withBaseline = mapper.writeValueAsBytes(Map.of("format", "tribuo", "baselineProfile", Traffic.baseline()));
            withReliability = mapper.writeValueAsBytes(Map.of("format", "tribuo", "baselineProfile",
                    Traffic.baselineWithReliability()));
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/v1/models", this::handle);
            server.start();
            return Map.of("rtml.monitor.registry-url", "http://127.0.0.1:" + server.getAddress().getPort());
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the registry stub", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/api/v1/models")) {
            // The catalogue list: this stub plays a registry that fails (the real one is in SendTimeScenarioIT).
            respond(exchange, 503, "{\"error\": \"registry database unreachable\"}");
            return;
        }
        Matcher alias = ALIASES.matcher(path);
        if (alias.matches()) {
            respond(exchange, 200, alias.group(1).startsWith("nochamp-") ? "{}" : "{\"champion\": 1}");
            return;
        }
        Matcher route = ROUTE.matcher(path);
        if (route.matches()) {
            respond(exchange, 200, route.group(1).startsWith("canary-")
                    ? "{\"model\": \"" + route.group(1) + "\", \"challenger\": 2, \"mode\": \"canary\", "
                    + "\"percent\": 10, \"stickyBy\": \"entity\"}"
                    : "{\"model\": \"" + route.group(1) + "\", \"challenger\": null, \"mode\": \"off\", "
                    + "\"percent\": 0, \"stickyBy\": \"entity\"}");
            return;
        }
        Matcher entry = MODEL.matcher(path);
        if (entry.matches()) {
            String name = entry.group(1);
            String kpi = name.startsWith("kpi-") ? "{\"name\": \"open-within-window\", \"description\": \"opened in the window\","
                    + " \"outcome\": \"opened\", \"aggregation\": \"rate\"}"
                    : name.startsWith("rev-") ? "{\"name\": \"revenue-per-email\", \"outcome\": \"revenue\", \"aggregation\": \"mean\"}"
                    : "null";
            respond(exchange, 200, "{\"name\": \"" + name + "\", \"kpi\": " + kpi + "}");
            return;
        }
        Matcher m = VERSION.matcher(path);
        if (!m.matches()) {
            respond(exchange, 404, "{\"error\": \"Not found\"}");
            return;
        }
        String model = m.group(1);
        int version = Integer.parseInt(m.group(2));
        int call = calls.computeIfAbsent(model, k -> new AtomicInteger()).incrementAndGet();
        if (model.startsWith("flaky-") && call <= 3) {
            respond(exchange, 503, "{\"error\": \"registry warming up\"}");
        } else if (version == 1) {
            String json = new String(model.startsWith("cbpe-") ? withReliability : withBaseline, StandardCharsets.UTF_8);
            respond(exchange, 200, "{\"model\": \"" + model + "\", \"version\": 1, " + json.substring(1));
        } else if (version == 2) {
            respond(exchange, 200, "{\"model\": \"" + model + "\", \"version\": 2, \"format\": \"onnx\", \"baselineProfile\": null}");
        } else {
            respond(exchange, 404, "{\"error\": \"Model '" + model + "' has no version " + version + "\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
