package io.rtml.bench;

import io.rtml.examples.sendtime.EngagementGenerator;
import io.rtml.examples.sendtime.Recipient;
import io.rtml.examples.sendtime.RegionMix;
import io.rtml.examples.sendtime.SendTimeTrainer;
import io.rtml.sdk.AggregationSpec;
import io.rtml.sdk.FeatureSpec;
import io.rtml.sdk.FeatureStoreClient;
import io.rtml.sdk.RegistryClient;
import io.rtml.sdk.Row;
import io.rtml.sdk.RtmlClientException;
import io.rtml.sdk.ServiceHttp;
import io.rtml.sdk.TribuoModels;
import io.rtml.sdk.TribuoRegistration;
import io.rtml.sdk.ValueType;
import io.rtml.sdk.VersionMetadata;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Puts on the stack what the bench measures, under names only the bench uses, so it never touches the
 * demo's data: the send-time model trained on a few thousand synthetic recipients and registered twice
 * (dynamic batching on and off, otherwise identical), its features for {@code recipients} entity keys,
 * a 20-feature view for the feature-store rows, and a view of open events with 20 window aggregations. Safe to run again: existing champions are reused
 * and rows are upserted anew.
 */
final class BenchSetup {

    static final String MODEL = "bench-send-time";
    static final String NO_BATCH_MODEL = "bench-send-time-nobatch";
    /** With {@link #MODEL} and {@link #NO_BATCH_MODEL}: the four models of {@link #TENANT}'s bundle (issue 7's row). */
    static final List<String> BUNDLE_EXTRA_MODELS = List.of("bench-send-time-b3", "bench-send-time-b4");
    static final String ENTITY = "recipient";
    static final String VIEW = "bench_profile";
    static final String WIDE_VIEW = "bench_wide";
    static final String AGG_VIEW = "bench_agg";
    /** Open events per recipient in {@link #AGG_VIEW}, spread over the 30 days before the run. */
    static final int EVENTS_PER_RECIPIENT = 10;
    /** The 20 window aggregations of {@link #AGG_VIEW}: name, function, source, window. */
    static final List<AggregationSpec> AGGREGATIONS = List.of(
            new AggregationSpec("opens_1h", "count", "opened", "1h"), new AggregationSpec("opens_24h", "count", "opened", "24h"),
            new AggregationSpec("opens_7d", "count", "opened", "7d"), new AggregationSpec("opens_30d", "count", "opened", "30d"),
            new AggregationSpec("amount_1h", "sum", "amount", "1h"), new AggregationSpec("amount_24h", "sum", "amount", "24h"),
            new AggregationSpec("amount_7d", "sum", "amount", "7d"), new AggregationSpec("amount_30d", "sum", "amount", "30d"),
            new AggregationSpec("amount_mean_24h", "mean", "amount", "24h"),
            new AggregationSpec("amount_mean_7d", "mean", "amount", "7d"),
            new AggregationSpec("amount_mean_30d", "mean", "amount", "30d"),
            new AggregationSpec("amount_min_7d", "min", "amount", "7d"), new AggregationSpec("amount_min_30d", "min", "amount", "30d"),
            new AggregationSpec("amount_max_7d", "max", "amount", "7d"), new AggregationSpec("amount_max_30d", "max", "amount", "30d"),
            new AggregationSpec("device_last_24h", "last", "device", "24h"),
            new AggregationSpec("device_last_7d", "last", "device", "7d"),
            new AggregationSpec("amount_last_30d", "last", "amount", "30d"),
            new AggregationSpec("devices_7d", "distinct_count", "device", "7d"),
            new AggregationSpec("devices_30d", "distinct_count", "device", "30d"));
    static final String KEY_PREFIX = "b-";
    static final String TENANT = "bench";
    static final int WIDE_FEATURES = 20;
    /** Batching of {@link #MODEL}: requests wait up to 2 ms for others, at most 64 rows per runtime call. */
    static final Map<String, Object> BATCHING_ON = Map.of("batching.max-queue-delay-ms", 2,
            "batching.max-batch-size", 64);
    /** {@link #NO_BATCH_MODEL}: a queue delay of 0 turns batching off. */
    static final Map<String, Object> BATCHING_OFF = Map.of("batching.max-queue-delay-ms", 0);
    private static final long SEED = 42;
    private static final Duration SERVE_TIMEOUT = Duration.ofSeconds(180);

    /** What the rows need to know about the setup. */
    record Prepared(int version, int noBatchVersion, Recipient sample, List<String> wideRefs, List<String> aggRefs) {
    }

    private final BenchConfig config;
    private final PrintStream progress;
    private final RegistryClient registry;
    private final ServiceHttp registryHttp;
    private final FeatureStoreClient features;
    private final ServiceHttp inference;
    private SendTimeTrainer.Trained trained;

    BenchSetup(BenchConfig config, PrintStream progress) {
        this.config = config;
        this.progress = progress;
        this.registry = new RegistryClient(config.registryUrl());
        this.registryHttp = new ServiceHttp(config.registryUrl());
        this.features = new FeatureStoreClient(config.featureStoreUrl());
        this.inference = new ServiceHttp(config.inferenceUrl(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), Duration.ofSeconds(30));
    }

    Prepared prepare() {
        Instant now = Instant.now();
        List<Recipient> population = new EngagementGenerator(SEED + 1, now)
                .generate(config.recipients(), RegionMix.BASELINE, KEY_PREFIX, 1);
        features.createEntity(ENTITY, "An email recipient of an ESP client account");
        features.createFeatureView(VIEW, ENTITY, Duration.ofDays(30).toSeconds(), EngagementGenerator.FEATURES,
                "The send-time features, for the serving benchmark (./rtml bench)");
        long upserted = features.upsertRows(VIEW, population.stream()
                .map(r -> new Row(r.entityKey(), r.eventTime(), r.features())).toList());
        List<FeatureSpec> wide = new ArrayList<>();
        for (int i = 1; i <= WIDE_FEATURES; i++) {
            wide.add(new FeatureSpec(String.format("f%02d", i), ValueType.FP64));
        }
        features.createFeatureView(WIDE_VIEW, ENTITY, Duration.ofDays(30).toSeconds(), wide,
                "20 numeric features per recipient, for the feature-store latency rows of ./rtml bench");
        long wideUpserted = features.upsertRows(WIDE_VIEW, wideRows(population, wide, now));
        step("features: %d recipients in %s, %d in %s (%d features each)", upserted, VIEW, wideUpserted, WIDE_VIEW,
                WIDE_FEATURES);
        features.createFeatureView(AGG_VIEW, ENTITY, Duration.ofDays(30).toSeconds(),
                List.of(new FeatureSpec("opened", ValueType.BOOL), new FeatureSpec("amount", ValueType.FP64),
                        new FeatureSpec("device", ValueType.STRING)), AGGREGATIONS,
                "Open events per recipient and 20 window aggregations over them, for the aggregation rows of ./rtml bench");
        long events = features.upsertRows(AGG_VIEW, eventRows(population, now));
        step("features: %d open events in %s (%d aggregations)", events, AGG_VIEW, AGGREGATIONS.size());

        int version = champion(MODEL, BATCHING_ON);
        int noBatchVersion = champion(NO_BATCH_MODEL, BATCHING_OFF);
        Map<String, Integer> extra = new LinkedHashMap<>();
        for (String model : BUNDLE_EXTRA_MODELS) {
            extra.put(model, champion(model, BATCHING_ON));
        }
        subscribeTenant();
        awaitServing(MODEL, version, population.get(0).entityKey());
        awaitServing(NO_BATCH_MODEL, noBatchVersion, population.get(0).entityKey());
        extra.forEach((model, v) -> awaitServing(model, v, population.get(0).entityKey()));
        return new Prepared(version, noBatchVersion, population.get(0),
                wide.stream().map(f -> WIDE_VIEW + ":" + f.name()).toList(),
                AGGREGATIONS.stream().map(a -> AGG_VIEW + ":" + a.name()).toList());
    }

    /** The model's champion version, registering and promoting one first when it has none. */
    private int champion(String model, Map<String, Object> batching) {
        HttpResponse<byte[]> aliases = registryHttp.get("/api/v1/models/" + model + "/aliases");
        if (aliases.statusCode() == 200) {
            Object champion = registryHttp.expect(aliases, Map.class).get("champion");
            if (champion instanceof Number n) {
                step("model %s: reusing champion v%d (%s)", model, n.intValue(), batching);
                return n.intValue();
            }
        }
        registry.createModel(model, "email", "streaming", List.of("bench", "send-time"),
                "The send-time classifier, registered by ./rtml bench to measure serving");
        SendTimeTrainer.Trained t = trained();
        TribuoRegistration registration = TribuoModels.toRegistration(t.model());
        VersionMetadata metadata = registration.metadata()
                .inputs(EngagementGenerator.FEATURES)
                .metric("accuracy", t.evaluation().accuracy())
                .baselineProfile(SendTimeTrainer.baselineProfile(t.model(), t.trainRows()))
                .featureRefs(VIEW, EngagementGenerator.FEATURES.stream().map(FeatureSpec::name).toList())
                .params(batching)
                .description("Send-time classifier (" + t.trainer() + ") for the serving benchmark")
                .createdBy("rtml-bench")
                .build();
        int version = registry.registerVersion(model, registration.artifact(), metadata);
        registry.setAlias(model, "champion", version);
        step("model %s: registered v%d (%s, accuracy %.3f) and set it champion (%s)", model, version, t.trainer(),
                t.evaluation().accuracy(), batching);
        return version;
    }

    /** The tenant the requests name, subscribed to all four models (its bundle), so a server that checks tenants serves it. */
    private void subscribeTenant() {
        HttpResponse<byte[]> created = registryHttp.post("/api/v1/tenants",
                Map.of("id", TENANT, "name", "rtml bench", "industry", "email"));
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw ServiceHttp.error(created);
        }
        HttpResponse<byte[]> subscribed = registryHttp.put("/api/v1/tenants/" + TENANT + "/subscriptions",
                Map.of("models", Stream.concat(Stream.of(MODEL, NO_BATCH_MODEL),
                        BUNDLE_EXTRA_MODELS.stream()).toList()));
        if (subscribed.statusCode() != 200) {
            throw ServiceHttp.error(subscribed);
        }
    }

    private SendTimeTrainer.Trained trained() {
        if (trained == null) {
            List<Recipient> rows = new EngagementGenerator(SEED, Instant.now())
                    .generate(config.trainingRows(), RegionMix.BASELINE);
            trained = new SendTimeTrainer(SEED, 0.2).train(rows);
        }
        return trained;
    }

    /** Waits until a predict for {@code model} is answered by {@code version}. */
    private void awaitServing(String model, int version, String probeKey) {
        Map<String, Object> body = Map.of("tenant", TENANT, "instances", List.of(Map.of("entityKey", probeKey)));
        long deadline = System.nanoTime() + SERVE_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<byte[]> response = inference.post("/api/v1/predict/" + model, body);
                if (response.statusCode() == 200) {
                    Object served = inference.expect(response, Map.class).get("version");
                    if (served instanceof Number n && n.intValue() == version) {
                        return;
                    }
                    last = "still serving v" + served;
                } else {
                    last = "predict answered " + response.statusCode() + ": "
                            + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
                }
            } catch (RtmlClientException e) {
                last = e.getMessage();
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("inference did not serve " + model + " v" + version + " within "
                + SERVE_TIMEOUT.toSeconds() + " s (" + last + ")");
    }

    private static List<Row> wideRows(List<Recipient> population, List<FeatureSpec> wide, Instant now) {
        Random random = new Random(SEED + 2);
        List<Row> rows = new ArrayList<>(population.size());
        for (Recipient r : population) {
            Map<String, Object> values = new LinkedHashMap<>();
            wide.forEach(f -> values.put(f.name(), Math.round(random.nextGaussian() * 1e4) / 1e2));
            rows.add(new Row(r.entityKey(), now.minusSeconds(random.nextInt(3_600)), values));
        }
        return rows;
    }

    /**
     * {@link #EVENTS_PER_RECIPIENT} open events per recipient over the 30 days before the run's day (times fixed
     * per day, so a second run on the same day writes the same events, which the store counts once).
     */
    private static List<Row> eventRows(List<Recipient> population, Instant now) {
        Random random = new Random(SEED + 3);
        Instant day = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        List<Row> rows = new ArrayList<>(population.size() * EVENTS_PER_RECIPIENT);
        for (Recipient r : population) {
            for (int i = 0; i < EVENTS_PER_RECIPIENT; i++) {
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("opened", true);
                values.put("amount", random.nextInt(400) * 0.25);
                values.put("device", "d" + random.nextInt(6));
                rows.add(new Row(r.entityKey(), day.minusMillis((long) (random.nextDouble() * 30 * 86_400_000L)), values));
            }
        }
        return rows;
    }

    private void step(String format, Object... args) {
        progress.println("[bench] " + String.format(java.util.Locale.ROOT, format, args));
        progress.flush();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
