package io.rtml.examples.sendtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rtml.sdk.ServiceHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenario's calls, in order and shape, against one in-test HTTP server that answers as the four
 * services' contracts say (predictions always {@code w0}; drift flags {@code tz_offset} for windows that
 * hold shifted {@code s-} recipients). The run against the real services is the lead's SendTimeScenarioIT.
 */
class SendTimeScenarioWiringTest {

    private record Served(String entityKey, String output, Instant at) {
    }

    private HttpServer server;
    private final Map<String, Served> predictions = new ConcurrentHashMap<>();
    private final AtomicInteger rowsUpserted = new AtomicInteger();
    private final AtomicInteger openRows = new AtomicInteger();
    private final Map<String, AtomicInteger> opensByKey = new ConcurrentHashMap<>();
    private final AtomicInteger opens30dWritten = new AtomicInteger();
    private final AtomicReference<JsonNode> viewDeclared = new AtomicReference<>();
    private final AtomicInteger labelled = new AtomicInteger();
    private final AtomicInteger correct = new AtomicInteger();
    private final AtomicReference<String> registeredMetadata = new AtomicReference<>();
    private final AtomicReference<String> championBody = new AtomicReference<>();
    private final AtomicReference<String> subscribedAlias = new AtomicReference<>();
    private final AtomicReference<JsonNode> kpiDeclared = new AtomicReference<>();
    private final AtomicReference<JsonNode> routeSet = new AtomicReference<>();
    private final AtomicInteger outcomes = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldTrainRegisterServeShiftAndReportDriftAndLiveAccuracy() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        ScenarioConfig config = new ScenarioConfig(base, base, base, base, 7, 2_000, 300, 200, 50, 3, 0.3, "acme",
                Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ofSeconds(1));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        ScenarioReport report = SendTimeScenario.run(config, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(report.version()).isEqualTo(1);
        assertThat(report.accuracy()).isGreaterThan(report.majorityBaseline());
        assertThat(report.predictionsServed()).isEqualTo(500);
        assertThat(report.predictCalls()).isEqualTo(10);
        assertThat(report.p99Ms()).isGreaterThanOrEqualTo(report.p50Ms()).isPositive();
        assertThat(report.driftedFeaturesBeforeShift()).isEmpty();
        assertThat(report.driftedFeaturesAfterShift()).containsExactly("tz_offset");
        assertThat(report.driftOnTzOffsetOnly()).isTrue();
        assertThat(report.labelsSent()).isEqualTo(150);
        assertThat(report.labelsJoined()).isEqualTo(150);
        assertThat(report.liveAccuracy()).isEqualTo((double) correct.get() / 150);
        assertThat(rowsUpserted.get()).as("one profile row per recipient").isEqualTo(2_000 + 300 + 200);
        // opens_30d is the store's count of open events, never written as a value.
        assertThat(opens30dWritten.get()).isZero();
        assertThat(openRows.get()).isPositive();
        JsonNode aggregation = viewDeclared.get().path("aggregations").get(0);
        assertThat(aggregation.path("name").asText()).isEqualTo("opens_30d");
        assertThat(aggregation.path("function").asText()).isEqualTo("count");
        assertThat(aggregation.path("source").asText()).isEqualTo("opened");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("1/7", "2/7", "3/7", "4/7", "5/7", "6/7", "7/7");
        assertThat(report.render()).contains("drift on tz_offset only", "live accuracy", "p95", "business value");
        assertThat(kpiDeclared.get().path("kpi").path("name").asText()).isEqualTo("open-within-window");
        assertThat(kpiDeclared.get().path("kpi").path("outcome").asText()).isEqualTo("opened");
        assertThat(kpiDeclared.get().path("fallback").path("kind").asText()).isEqualTo("majority-class");
        assertThat(routeSet.get().path("holdoutPercent").asInt()).isEqualTo(10);
        assertThat(report.businessValue().outcomesSent()).as("one outcome per prediction served").isEqualTo(500);
        assertThat(report.businessValue().modelN()).isEqualTo(outcomes.get());
    }

    @Test
    void shouldRegisterSignatureProfileDataCardAndFeatureRefs() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        SendTimeScenario.run(new ScenarioConfig(base, base, base, base, 7, 1_000, 20, 20, 10, 2, 0.5, "acme",
                Duration.ofMillis(10), Duration.ofSeconds(10), Duration.ofSeconds(1)), new PrintStream(new ByteArrayOutputStream()));

        JsonNode metadata = ServiceHttp.MAPPER.readTree(registeredMetadata.get());
        assertThat(metadata.path("format").asText()).isEqualTo("tribuo");
        assertThat(metadata.path("signature").path("inputs")).hasSize(8);
        assertThat(metadata.path("signature").path("inputs").findValuesAsText("datatype"))
                .containsOnly("FP64", "INT64", "BYTES");
        assertThat(metadata.path("signature").path("outputs").findValuesAsText("name")).containsExactly("label", "scores");
        assertThat(metadata.path("featureRefs").get(0).asText()).isEqualTo("recipient_profile:tz_offset");
        assertThat(metadata.path("sliceMetrics").has("device=mobile")).isTrue();
        assertThat(metadata.path("baselineProfile").path("features").has("__prediction__")).isTrue();
        assertThat(metadata.path("dataCard").path("featureCount").asInt()).isEqualTo(8);
        assertThat(metadata.path("dataCard").path("completeness").asDouble()).isEqualTo(1.0);
        // The labels are observed open windows, not annotations.
        assertThat(metadata.path("dataCard").path("labelling").path("observed").asDouble()).isEqualTo(1.0);
        assertThat(metadata.path("featureRelevance").size()).isEqualTo(8);
        metadata.path("featureRelevance").forEach(r -> assertThat(r.asDouble()).isBetween(0.0, 1.0));
        assertThat(metadata.path("provenance").path("tribuoVersion").asText()).isEqualTo("4.3.2");
        assertThat(ServiceHttp.MAPPER.readTree(championBody.get()).path("version").asInt()).isEqualTo(1);
        assertThat(subscribedAlias.get()).as("the scenario's tenant follows the champion").isEqualTo("champion");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            ObjectNode out = ServiceHttp.MAPPER.createObjectNode();
            int status = 200;
            if (method.equals("POST") && path.equals("/api/v1/tenants")) {
                status = 201;
                out.put("id", ServiceHttp.MAPPER.readTree(body).path("id").asText());
            } else if (method.equals("PUT") && path.equals("/api/v1/tenants/acme/subscriptions/send-time")) {
                subscribedAlias.set(ServiceHttp.MAPPER.readTree(body).path("alias").asText());
                out.put("tenant", "acme").put("model", "send-time").put("alias", subscribedAlias.get());
            } else if (method.equals("POST") && (path.equals("/api/v1/models") || path.equals("/api/v1/entities")
                    || path.equals("/api/v1/feature-views"))) {
                status = 201;
                out.put("name", ServiceHttp.MAPPER.readTree(body).path("name").asText());
                if (path.equals("/api/v1/feature-views")) {
                    viewDeclared.set(ServiceHttp.MAPPER.readTree(body));
                }
            } else if (path.equals("/api/v1/models/send-time/versions")) {
                String text = new String(body, StandardCharsets.ISO_8859_1);
                int start = text.indexOf("{", text.indexOf("name=\"metadata\""));
                registeredMetadata.set(new String(body, start, text.lastIndexOf("}") + 1 - start, StandardCharsets.UTF_8));
                status = 201;
                out.put("model", "send-time").put("version", 1);
            } else if (path.equals("/api/v1/models/send-time/aliases/champion")) {
                championBody.set(new String(body, StandardCharsets.UTF_8));
                out.put("model", "send-time").put("alias", "champion").put("version", 1)
                        .putObject("gate").put("passed", true).putArray("checks");
            } else if (path.equals("/api/v1/online-features")) {
                // The scenario reads opens_30d back: answer the count of open events this stub was sent per key.
                ArrayNode results = out.putArray("results");
                for (JsonNode key : ServiceHttp.MAPPER.readTree(body).path("entityKeys")) {
                    ObjectNode value = results.addObject().put("entityKey", key.asText()).putObject("features")
                            .putObject("recipient_profile:opens_30d");
                    value.put("value", opensByKey.getOrDefault(key.asText(), new AtomicInteger()).get()).put("status", "PRESENT");
                }
            } else if (path.equals("/api/v1/feature-views/recipient_profile/rows")) {
                JsonNode rows = ServiceHttp.MAPPER.readTree(body).path("rows");
                int n = rows.size();
                for (JsonNode row : rows) {
                    if (row.path("values").has("opened")) {
                        openRows.incrementAndGet();
                        opensByKey.computeIfAbsent(row.path("entityKey").asText(), k -> new AtomicInteger()).incrementAndGet();
                    } else {
                        rowsUpserted.incrementAndGet();
                    }
                    if (row.path("values").has("opens_30d")) {
                        opens30dWritten.incrementAndGet();
                    }
                }
                out.put("upserted", n);
            } else if (path.equals("/v2/models/send-time/ready")) {
                status = 200;
            } else if (path.equals("/api/v1/predict/send-time")) {
                JsonNode request = ServiceHttp.MAPPER.readTree(body);
                assertThat(request.path("tenant").asText()).isEqualTo("acme");
                out.put("model", "send-time").put("version", 1).put("route", "champion");
                ArrayNode list = out.putArray("predictions");
                for (JsonNode instance : request.path("instances")) {
                    String id = UUID.randomUUID().toString();
                    String key = instance.path("entityKey").asText();
                    predictions.put(id, new Served(key, "w0", Instant.now()));
                    list.addObject().put("requestId", id).put("entityKey", key).put("output", "w0")
                            .putObject("scores").put("w0", 1.0);
                }
            } else if (path.equals("/api/v1/models/send-time/drift")) {
                Map<String, String> q = query(exchange.getRequestURI());
                Instant from = Instant.parse(q.get("from"));
                Instant to = Instant.parse(q.get("to"));
                long rows = predictions.values().stream().filter(s -> !s.at().isBefore(from) && s.at().isBefore(to)).count();
                boolean shifted = predictions.values().stream()
                        .anyMatch(s -> !s.at().isBefore(from) && s.at().isBefore(to) && s.entityKey().startsWith("s-"));
                out.put("model", "send-time").put("version", 1).put("rows", rows);
                out.putObject("prediction").put("drifted", shifted);
                ArrayNode drifted = out.putArray("driftedFeatures");
                if (shifted) {
                    drifted.add("tz_offset");
                }
                status = rows == 0 ? 404 : 200;
            } else if (path.equals("/api/v1/ground-truth")) {
                for (JsonNode label : ServiceHttp.MAPPER.readTree(body).path("labels")) {
                    Served s = predictions.get(label.path("requestId").asText());
                    labelled.incrementAndGet();
                    correct.addAndGet(s != null && s.output().equals(label.path("label").asText()) ? 1 : 0);
                }
                status = 202;
            } else if (method.equals("PATCH") && path.equals("/api/v1/models/send-time")) {
                kpiDeclared.set(ServiceHttp.MAPPER.readTree(body));
                out.put("name", "send-time");
            } else if (method.equals("PUT") && path.equals("/api/v1/models/send-time/route")) {
                routeSet.set(ServiceHttp.MAPPER.readTree(body));
                out.put("model", "send-time").put("mode", "off");
            } else if (path.equals("/api/v1/outcomes")) {
                for (JsonNode outcome : ServiceHttp.MAPPER.readTree(body).path("outcomes")) {
                    outcomes.incrementAndGet();
                    opened.addAndGet(outcome.path("opened").asBoolean() ? 1 : 0);
                }
                status = 202;
            } else if (path.equals("/api/v1/models/send-time/business-value")) {
                // Every stub prediction is the model's (no holdout here): no uplift, as the monitor answers then.
                out.putObject("kpi").put("name", "open-within-window").put("outcome", "opened").put("aggregation", "rate");
                out.putObject("model").put("n", outcomes.get()).put("value", (double) opened.get() / Math.max(1, outcomes.get()));
                out.putObject("holdout").put("n", 0).putNull("value");
                out.putNull("uplift").putNull("ci95").put("method", "newcombe").put("note", "No holdout traffic");
            } else if (path.equals("/api/v1/models/send-time/performance")) {
                out.put("model", "send-time").put("version", 1).put("labelled", labelled.get())
                        .put("correct", correct.get()).put("accuracy", (double) correct.get() / labelled.get());
            } else {
                status = 404;
                out.put("error", "no route " + method + " " + path);
            }
            byte[] answer = ServiceHttp.MAPPER.writeValueAsBytes(out);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new ConcurrentHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
