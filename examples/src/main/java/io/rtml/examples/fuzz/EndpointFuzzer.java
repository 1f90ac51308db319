package io.rtml.examples.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtml.sdk.ServiceHttp;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sends {@code requests} structure-aware mutations of valid requests to every operation a service's OpenAPI
 * document declares, and reports every 5xx and every moment the service stopped being ready. Values the
 * service answers with (names, ids) are fed back as path parameters, so mutations reach real rows and not
 * only 404s. Run by {@code ./rtml fuzz} against the local stack and by {@code EveryEndpointFuzzIT}.
 */
public final class EndpointFuzzer {

    /** What one service did under fuzzing. */
    public record Report(String service, int requests, Map<Integer, Integer> statuses, List<String> serverErrors,
                         int notReady, int operations) {
        public String render() {
            return "%-14s %6d requests over %3d operations  statuses %s  5xx %d  not ready %d".formatted(service,
                    requests, operations, statuses, serverErrors.size(), notReady);
        }
    }

    private static final int READINESS_EVERY = 500;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final PrintStream log;

    public EndpointFuzzer(PrintStream log) {
        this.log = log;
    }

    public Report fuzz(String name, URI service, int requests, long seed) throws IOException, InterruptedException {
        List<OpenApiOperations.Operation> operations = OpenApiOperations.load(http, mapper, service).stream()
                .filter(op -> !op.path().startsWith("/q/")).toList();
        RequestMutator mutator = new RequestMutator(seed, mapper);
        Set<String> known = new LinkedHashSet<>(List.of("send-time", "champion", "challenger", "acme", "recipient"));
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        int notReady = 0;
        long start = System.nanoTime();
        for (int i = 1; i <= requests; i++) {
            OpenApiOperations.Operation op = operations.get(mutator.random().nextInt(operations.size()));
            String[] sent = new String[1];
            HttpRequest request = build(service, op, mutator, List.copyOf(known), sent);
            int status;
            String body;
            try {
                HttpResponse<String> response = send(request);
                status = response.statusCode();
                body = response.body();
            } catch (IOException e) {
                status = 599; // the connection broke twice: as bad as a 5xx
                body = e.toString();
            }
            statuses.merge(status, 1, Integer::sum);
            if (status >= 500) {
                serverErrors.add(status + " " + request.method() + " " + abbreviate(request.uri().toString(), 300)
                        + " [" + request.headers().firstValue("Content-Type").orElse("no content type") + "] "
                        + abbreviate(sent[0], 200) + " -> " + abbreviate(body, 400));
            } else if (status < 300) {
                harvest(body, known);
            }
            if (i % READINESS_EVERY == 0 || i == requests) {
                if (!ready(service)) {
                    notReady++;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double rate = i / seconds;
                log.printf("[fuzz] %s %d/%d requests, %.0f req/s, ETA %.0f s, 5xx %d%n", name, i, requests, rate,
                        (requests - i) / rate, serverErrors.size());
            }
        }
        return new Report(name, requests, statuses, serverErrors, notReady, operations.size());
    }

    /** The request to send; {@code sent[0]} receives its body, for the report. */
    private HttpRequest build(URI service, OpenApiOperations.Operation op, RequestMutator mutator, List<String> known,
                              String[] sent) {
        String path = op.path();
        StringBuilder query = new StringBuilder();
        for (OpenApiOperations.Parameter p : op.parameters()) {
            if ("path".equals(p.in())) {
                path = path.replace("{" + p.name() + "}", mutator.segment(known));
            } else if ("query".equals(p.in()) && mutator.random().nextInt(3) > 0) {
                query.append(query.isEmpty() ? "?" : "&").append(p.name()).append('=').append(mutator.queryValue(p.schema()));
            }
        }
        if (mutator.random().nextInt(20) == 0) {
            query.append(query.isEmpty() ? "?" : "&").append("unexpected=%00");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(service + path + query))
                .timeout(Duration.ofSeconds(30));
        // Hostile input must meet the handlers, so requests carry the caller's token (ServiceHttp's default);
        // one in twenty carries a forged one instead, which must be a 401, never a 5xx.
        String token = mutator.random().nextInt(20) == 0 ? "forged." + mutator.random().nextInt() + ".token" : ServiceHttp.defaultToken();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        boolean hasBody = op.bodyType() != null || !"GET".equals(op.method()) && mutator.random().nextInt(4) == 0;
        if (hasBody) {
            String body = op.bodySchema() != null && op.bodyType() != null && op.bodyType().contains("json")
                    ? mutator.body(op.bodySchema())
                    : mutator.pick(List.of("", "--x\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{}\r\n--x--",
                    "garbage", "{\"a\":1}"));
            builder.header("Content-Type", mutator.contentType(op.bodyType() != null && op.bodyType().contains("multipart")
                    ? "multipart/form-data; boundary=x" : op.bodyType()));
            sent[0] = body;
            builder.method(op.method(), HttpRequest.BodyPublishers.ofString(body));
        } else {
            builder.method(op.method(), HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    /**
     * Sends once more on a fresh connection when the first attempt found its pooled connection closed: a server
     * may close a connection after answering a request it refused (414, 431), which the client only notices on
     * the next request. A second failure counts.
     */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException first) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Names and ids from a successful answer, as future path parameters (bounded). */
    private void harvest(String body, Set<String> known) {
        if (known.size() > 200 || body == null || body.isEmpty() || body.length() > 200_000) {
            return;
        }
        try {
            JsonNode node = mapper.readTree(body);
            for (String field : List.of("name", "id", "model", "entityKey", "view", "requestId")) {
                node.findValues(field).stream().filter(JsonNode::isTextual).limit(5)
                        .forEach(v -> known.add(v.asText()));
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: nothing to learn from it
        }
    }

    private boolean ready(URI service) {
        try {
            return http.send(HttpRequest.newBuilder(service.resolve("/q/health/ready")).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        String flat = s.replace('\n', ' ');
        return flat.length() <= max ? flat : flat.substring(0, max) + "…";
    }

    /** {@code ./rtml fuzz}: NAME=URL pairs, then optional --requests N and --seed S. */
    public static void main(String[] args) throws Exception {
        int requests = 10_000;
        long seed = 42;
        Map<String, URI> services = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    String[] pair = args[i].split("=", 2);
                    services.put(pair[0], URI.create(pair[1]));
                }
            }
        }
        EndpointFuzzer fuzzer = new EndpointFuzzer(System.out);
        boolean failed = false;
        List<Report> reports = new ArrayList<>();
        for (Map.Entry<String, URI> s : services.entrySet()) {
            Report report = fuzzer.fuzz(s.getKey(), s.getValue(), requests, seed);
            reports.add(report);
            report.serverErrors().stream().limit(20).forEach(e -> System.out.println("  " + e));
            failed |= !report.serverErrors().isEmpty() || report.notReady() > 0;
        }
        reports.forEach(r -> System.out.println(r.render()));
        System.exit(failed ? 1 : 0);
    }
}
