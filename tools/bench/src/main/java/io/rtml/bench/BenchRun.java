package io.rtml.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.rtml.inference.grpc.v2.InferTensorContents;
import io.rtml.inference.grpc.v2.ModelInferRequest;
import io.rtml.examples.sendtime.EngagementGenerator;
import io.rtml.examples.sendtime.Recipient;
import io.rtml.sdk.FeatureSpec;
import io.vertx.core.buffer.Buffer;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import static io.rtml.bench.ResultTable.Baseline.NONE;
import static io.rtml.bench.ResultTable.Baseline.PASS_THROUGH;
import static io.rtml.bench.ResultTable.Baseline.TRIVIAL;

/**
 * Runs every row against the prepared stack, one after another, each warmed up first, and fills the table.
 * The rows and their loads are the ones issue 6 (serving) and issue 12 (feature store) ask for.
 */
final class BenchRun {

    static final int CONNECTIONS = 32;
    static final int MANY_CONNECTIONS = 256;
    static final int PREDICT_RATE = 1_000;
    static final int PREDICT_100_RATE = 50;
    static final int BUNDLE_RATE = 500;
    static final int FEATURES_1_RATE = 1_000;
    static final int FEATURES_100_RATE = 100;
    static final int BATCH_KEYS = 100;
    /** A rate far inside what the stack holds on 2 cores: latency without queueing, beside the 1,000/s rows. */
    static final int MODEST_RATE = 100;
    static final int STREAM_WARMUP_RECORDS = 500;
    private static final Duration SETTLE = Duration.ofSeconds(2);
    /** Longer after a row with failures: the server still works off what the client gave up on. */
    private static final Duration SETTLE_AFTER_FAILURES = Duration.ofSeconds(10);
    private static final String INFER = "POST /v2/models/{m}/infer, 1 row";
    private static final String PREDICT = "POST /api/v1/predict/{m}, 1 key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchConfig config;
    private final BenchSetup.Prepared prepared;
    private final PrintStream progress;
    private final Wrk wrk;
    private final ResultTable table = new ResultTable();

    BenchRun(BenchConfig config, BenchSetup.Prepared prepared, Path scripts, PrintStream progress) {
        this.config = config;
        this.prepared = prepared;
        this.progress = progress;
        this.wrk = new Wrk(scripts, config.wrkThreads());
    }

    ResultTable run() {
        String inference = config.inferenceUrl().toString();
        String live = inference + "/v2/health/live";
        String infer = inference + "/v2/models/" + BenchSetup.MODEL + "/infer";
        String inferOff = inference + "/v2/models/" + BenchSetup.NO_BATCH_MODEL + "/infer";
        String predict = inference + "/api/v1/predict/" + BenchSetup.MODEL;
        String predictOff = inference + "/api/v1/predict/" + BenchSetup.NO_BATCH_MODEL;
        String inferBody = inferBody(prepared.sample());
        String predictBody = "{\"tenant\":\"" + BenchSetup.TENANT + "\",\"instances\":[{\"entityKey\":\""
                + Wrk.KEY_SLOT + "\"}]}";

        try (OpenLoop open = new OpenLoop()) {
            if (config.runs("trivial")) {
                Measurement trivial = saturate("GET /v2/health/live (trivial)", live, null, CONNECTIONS,
                        TRIVIAL, null);
                table.trivial(trivial);
                openLoop(open, "GET /v2/health/live (trivial)", URI.create(live), null, PREDICT_RATE, null);
            }
            if (config.runs("infer")) {
                saturate(INFER + batchingOn(), infer, inferBody, CONNECTIONS, TRIVIAL,
                        Target.ratioAtLeast(0.6));
            }
            if (config.runs("grpc")) {
                grpcRow();
            }
            if (config.runs("predict")) {
                saturate(PREDICT + batchingOn(), predict, predictBody, CONNECTIONS, TRIVIAL,
                        Target.ratioAtLeast(0.4));
                // The modest rate first: a 1,000/s row the stack cannot hold leaves a backlog behind it.
                openLoop(open, PREDICT, URI.create(predict), this::predictOneKey, MODEST_RATE, null);
                openLoop(open, "POST /api/v1/predict/{m}, " + BATCH_KEYS + " keys", URI.create(predict),
                        this::predictManyKeys, PREDICT_100_RATE, Target.p50AtMost(10));
                openLoop(open, PREDICT, URI.create(predict), this::predictOneKey,
                        PREDICT_RATE, Target.p99AtMost(5));
            }
            if (config.runs("bundle")) {
                // Issue 7: a tenant's 4-model bundle for one recipient, one feature-store read for all four.
                URI bundle = URI.create(inference + "/api/v1/tenants/" + BenchSetup.TENANT + "/predict");
                openLoop(open, "POST /api/v1/tenants/{t}/predict, 4 models × 1 key", bundle, this::bundleOneKey,
                        MODEST_RATE, null);
                openLoop(open, "POST /api/v1/tenants/{t}/predict, 4 models × 1 key", bundle, this::bundleOneKey,
                        BUNDLE_RATE, Target.p99AtMost(10));
            }
            if (config.runs("batching")) {
                // Same artifact and features, batching on and off; the 32-connection "on" rows are the
                // infer and predict rows above when those ran.
                for (int connections : new int[]{CONNECTIONS, MANY_CONNECTIONS}) {
                    if (connections != CONNECTIONS || !config.runs("infer")) {
                        saturate(INFER + batchingOn(), infer, inferBody, connections, TRIVIAL, null);
                    }
                    saturate(INFER + ", batching off", inferOff, inferBody, connections, TRIVIAL, null);
                }
                for (int connections : new int[]{CONNECTIONS, MANY_CONNECTIONS}) {
                    if (connections != CONNECTIONS || !config.runs("predict")) {
                        saturate(PREDICT + batchingOn(), predict, predictBody, connections, TRIVIAL, null);
                    }
                    saturate(PREDICT + ", batching off", predictOff, predictBody, connections, TRIVIAL, null);
                }
            }
            if (config.runs("features")) {
                URI online = URI.create(config.featureStoreUrl() + "/api/v1/online-features");
                openLoop(open, "POST /api/v1/online-features, 1 × 20", online, () -> onlineFeatures(1),
                        MODEST_RATE, null);
                Measurement plain1 = openLoop(open, "POST /api/v1/online-features, 1 × 20", online,
                        () -> onlineFeatures(1), FEATURES_1_RATE, Target.p99AtMost(2));
                Measurement plain100 = openLoop(open, "POST /api/v1/online-features, 100 × 20", online,
                        () -> onlineFeatures(100), FEATURES_100_RATE, null);
                // Issue 12: aggregation reads within 2x of the plain reads at the same rate, measured right after.
                openLoop(open, "POST /api/v1/online-features, 1 × 20 aggregations", online,
                        () -> onlineFeatures(prepared.aggRefs(), 1), FEATURES_1_RATE, Target.p99WithinOf(2, plain1));
                openLoop(open, "POST /api/v1/online-features, 100 × 20 aggregations", online,
                        () -> onlineFeatures(prepared.aggRefs(), 100), FEATURES_100_RATE, Target.p99WithinOf(2, plain100));
            }
        }
        if (config.runs("streams")) {
            streamRows();
        }
        return table;
    }

    private Measurement saturate(String path, String url, String body, int connections,
                                 ResultTable.Baseline baseline, Target target) {
        String load = connections + " conn";
        Duration warmup = config.warmup();
        if (body == null) {
            wrk.get(url, connections, warmup);
        } else {
            wrk.post(url, body, BenchSetup.KEY_PREFIX, config.recipients(), connections, warmup);
        }
        Measurement m = body == null ? wrk.get(url, connections, config.rowDuration())
                : wrk.post(url, body, BenchSetup.KEY_PREFIX, config.recipients(), connections, config.rowDuration());
        return add(new ResultTable.Row(path, load, m, baseline, target));
    }

    private Measurement openLoop(OpenLoop open, String path, URI url, Supplier<Buffer> body, int rate, Target target) {
        open.run(url, body, rate, config.warmup());
        Measurement m = open.run(url, body, rate, config.rowDuration());
        return add(new ResultTable.Row(path, String.format(Locale.ROOT, "%,d/s open loop", rate), m, NONE, target));
    }

    private void grpcRow() {
        GrpcInfer grpc = new GrpcInfer(config.grpcHost(), config.grpcPort());
        String path = "gRPC ModelInfer, 1 row";
        String why = grpc.unavailableReason();
        if (why != null) {
            add(new ResultTable.Row(path, CONNECTIONS + " in flight", Measurement.unavailable(why), TRIVIAL, null));
            return;
        }
        ModelInferRequest request = grpcRequest(prepared.sample());
        grpc.run(request, CONNECTIONS, config.warmup());
        add(new ResultTable.Row(path, CONNECTIONS + " in flight", grpc.run(request, CONNECTIONS, config.rowDuration()),
                TRIVIAL, null));
    }

    private void streamRows() {
        StreamBench streams = new StreamBench(config.kafkaBootstrap());
        int partitions = streams.partitions(StreamBench.REQUESTS);
        String load = String.format(Locale.ROOT, "%,d records, %d partitions", config.streamRecords(), partitions);
        if (partitions == 0) {
            Measurement none = Measurement.unavailable("n/a (" + StreamBench.REQUESTS + " does not exist)");
            add(new ResultTable.Row("Kafka pass-through (consume → produce)", load, none, NONE, null));
            add(new ResultTable.Row("stream scoring", load, none, PASS_THROUGH, Target.ratioAtLeast(0.5)));
            return;
        }
        String run = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<Map.Entry<String, String>> warm = streamRequests(run + "warm-", STREAM_WARMUP_RECORDS);
        List<Map.Entry<String, String>> requests = streamRequests(run + "m-", config.streamRecords());
        streams.passThrough(warm, partitions, config.streamTimeout());
        Measurement raw = streams.passThrough(requests, partitions, config.streamTimeout());
        table.passThrough(raw);
        add(new ResultTable.Row("Kafka pass-through (consume → produce)", load, raw, NONE, null));
        long warmed = streams.warmUpScoring(warm, key -> key.startsWith(run + "warm-"), config.streamTimeout());
        Measurement scored = warmed == 0
                ? Measurement.unavailable("n/a (no result came back on " + StreamBench.RESULTS + " for "
                        + STREAM_WARMUP_RECORDS + " warm-up requests within " + config.streamTimeout().toSeconds()
                        + " s)")
                : streams.scoring(requests, key -> key.startsWith(run + "m-"), config.streamTimeout());
        add(new ResultTable.Row(StreamBench.REQUESTS + " → " + StreamBench.RESULTS, load, scored, PASS_THROUGH,
                Target.ratioAtLeast(0.5)));
    }

    /** Stream requests (request id, JSON) for random bench keys, ids {@code prefix0 ..}. */
    private List<Map.Entry<String, String>> streamRequests(String prefix, int n) {
        List<Map.Entry<String, String>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("requestId", id);
            event.put("tenant", BenchSetup.TENANT);
            event.put("model", BenchSetup.MODEL);
            event.put("entityKey", randomKey());
            out.add(new AbstractMap.SimpleImmutableEntry<>(id, json(event)));
        }
        return out;
    }

    private Measurement add(ResultTable.Row row) {
        table.add(row);
        settle(row.m().errors() > 0 ? SETTLE_AFTER_FAILURES : SETTLE);
        Measurement m = row.m();
        progress.printf(Locale.ROOT, "[bench] %-45s %-24s %s%n", row.path(), row.load(), m.available()
                ? String.format(Locale.ROOT, "%,.0f/s  p50 %.2f ms  p99 %.2f ms%s%s", m.perSecond(), m.p50Ms(),
                m.p99Ms(), m.errors() > 0 ? "  " + m.errors() + " failed" : "",
                m.note() == null ? "" : "  (" + m.note() + ")")
                : m.note());
        progress.flush();
        return m;
    }

    /** A pause between rows, so a row that overloaded the stack does not leave its queues to the next one. */
    private static void settle(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String batchingOn() {
        return ", batching on (" + BenchSetup.BATCHING_ON.get("batching.max-queue-delay-ms") + " ms, max "
                + BenchSetup.BATCHING_ON.get("batching.max-batch-size") + ")";
    }

    private Buffer predictOneKey() {
        return Buffer.buffer("{\"tenant\":\"" + BenchSetup.TENANT + "\",\"instances\":[{\"entityKey\":\""
                + randomKey() + "\"}]}");
    }

    private Buffer bundleOneKey() {
        return Buffer.buffer("{\"instances\":[{\"entityKey\":\"" + randomKey() + "\"}]}");
    }

    private Buffer predictManyKeys() {
        StringBuilder body = new StringBuilder("{\"tenant\":\"").append(BenchSetup.TENANT).append("\",\"instances\":[");
        for (int i = 0; i < BATCH_KEYS; i++) {
            body.append(i == 0 ? "" : ",").append("{\"entityKey\":\"").append(randomKey()).append("\"}");
        }
        return Buffer.buffer(body.append("]}").toString());
    }

    private Buffer onlineFeatures(int keys) {
        return onlineFeatures(prepared.wideRefs(), keys);
    }

    private Buffer onlineFeatures(List<String> refs, int keys) {
        StringBuilder body = new StringBuilder("{\"features\":").append(json(refs))
                .append(",\"entityKeys\":[");
        for (int i = 0; i < keys; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(randomKey()).append('"');
        }
        return Buffer.buffer(body.append("]}").toString());
    }

    private String randomKey() {
        return BenchSetup.KEY_PREFIX + ThreadLocalRandom.current().nextInt(1, config.recipients() + 1);
    }

    /** One OIP row: a tensor of shape [1] per model input, the sample recipient's values. */
    static String inferBody(Recipient sample) {
        Map<String, Object> features = sample.features();
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (FeatureSpec f : EngagementGenerator.FEATURES) {
            Map<String, Object> tensor = new LinkedHashMap<>();
            tensor.put("name", f.name());
            tensor.put("shape", List.of(1));
            tensor.put("datatype", f.type().datatype());
            tensor.put("data", List.of(features.get(f.name())));
            inputs.add(tensor);
        }
        return json(Map.of("inputs", inputs));
    }

    static ModelInferRequest grpcRequest(Recipient sample) {
        Map<String, Object> features = sample.features();
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(BenchSetup.MODEL);
        for (FeatureSpec f : EngagementGenerator.FEATURES) {
            Object value = features.get(f.name());
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            switch (f.type()) {
                case FP64 -> contents.addFp64Contents(((Number) value).doubleValue());
                case INT64 -> contents.addInt64Contents(((Number) value).longValue());
                case BOOL -> contents.addBoolContents((Boolean) value);
                case STRING -> contents.addBytesContents(ByteString.copyFromUtf8(String.valueOf(value)));
            }
            request.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(f.name())
                    .setDatatype(f.type().datatype()).addShape(1).setContents(contents));
        }
        return request.build();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
