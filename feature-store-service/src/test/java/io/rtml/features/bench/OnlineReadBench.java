package io.rtml.features.bench;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.features.rest.OnlineFeaturesRequest;
import io.rtml.features.service.FeatureReadService;
import jakarta.inject.Inject;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static io.rtml.features.rest.Fixtures.ingest;
import static io.rtml.features.rest.Fixtures.newEntity;
import static io.rtml.features.rest.Fixtures.row;
import static io.rtml.features.rest.Fixtures.unique;

/**
 * In-service latency of online reads (the inference hot path), measured by calling {@link FeatureReadService}
 * inside the running service against real PostgreSQL: 1 entity × 20 features and 100 entities × 20 features,
 * of stored features and of window aggregations (20 over three event features, windows 1 h to 30 d, 30 events
 * per entity over the last 30 days), each sent open-loop at a fixed rate (a request's latency counts from when
 * it was due, so a stall is not hidden by the requests it delayed), and the aggregation rows' p50 and p99 as a
 * multiple of the plain rows'. Not a test: it asserts nothing and runs only with {@code -Pbench}:
 * {@code mvn -B -ntp -pl feature-store-service -am verify -Pbench -Dtest=OnlineReadBench}. Figures go to stdout
 * and {@code target/bench/online-reads.txt}.
 */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_features_bench"))
class OnlineReadBench {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static final int FEATURES = 20;
    private static final int ENTITIES = 1000;
    private static final int EVENTS_PER_ENTITY = 30;
    /** Twenty aggregations: name, function, source, window. */
    private static final List<String[]> AGGREGATIONS = List.of(
            new String[]{"opens_1h", "count", "opened", "1h"}, new String[]{"opens_24h", "count", "opened", "24h"},
            new String[]{"opens_7d", "count", "opened", "7d"}, new String[]{"opens_30d", "count", "opened", "30d"},
            new String[]{"amount_1h", "sum", "amount", "1h"}, new String[]{"amount_24h", "sum", "amount", "24h"},
            new String[]{"amount_7d", "sum", "amount", "7d"}, new String[]{"amount_30d", "sum", "amount", "30d"},
            new String[]{"amount_mean_24h", "mean", "amount", "24h"}, new String[]{"amount_mean_7d", "mean", "amount", "7d"},
            new String[]{"amount_mean_30d", "mean", "amount", "30d"}, new String[]{"amount_min_7d", "min", "amount", "7d"},
            new String[]{"amount_min_30d", "min", "amount", "30d"}, new String[]{"amount_max_7d", "max", "amount", "7d"},
            new String[]{"amount_max_30d", "max", "amount", "30d"}, new String[]{"device_last_24h", "last", "device", "24h"},
            new String[]{"device_last_7d", "last", "device", "7d"}, new String[]{"amount_last_30d", "last", "amount", "30d"},
            new String[]{"devices_7d", "distinct_count", "device", "7d"},
            new String[]{"devices_30d", "distinct_count", "device", "30d"});

    @Inject
    FeatureReadService reads;

    @Test
    void measureOnlineReadLatencyAtFixedRates() throws Exception {
        String view = twentyFeatureView();
        List<String> refs = IntStream.range(0, FEATURES).mapToObj(i -> view + ":f" + i).toList();
        String aggregated = twentyAggregationView();
        List<String> aggRefs = AGGREGATIONS.stream().map(a -> aggregated + ":" + a[0]).toList();
        int seconds = Integer.getInteger("bench.seconds", 20);
        int single = Integer.getInteger("bench.rate.single", 1000);
        int hundred = Integer.getInteger("bench.rate.hundred", 200);
        List<String> lines = new ArrayList<>();
        lines.add("online read, in-service (FeatureReadService.online against PostgreSQL), " + Instant.now());
        run("1 x 20, warm-up", refs, 1, single, 5);
        run("1 x 20 agg, warm-up", aggRefs, 1, single, 5);
        Result plain1 = run("1 x 20", refs, 1, single, seconds);
        Result agg1 = run("1 x 20 agg", aggRefs, 1, single, seconds);
        run("100 x 20, warm-up", refs, 100, hundred, 5);
        run("100 x 20 agg, warm-up", aggRefs, 100, hundred, 5);
        Result plain100 = run("100 x 20", refs, 100, hundred, seconds);
        Result agg100 = run("100 x 20 agg", aggRefs, 100, hundred, seconds);
        for (Result r : List.of(plain1, agg1, plain100, agg100)) {
            lines.add(r.line());
        }
        lines.add(String.format("aggregations / plain: 1 x 20 p50 %.2fx p99 %.2fx; 100 x 20 p50 %.2fx p99 %.2fx (target: within 2x)",
                agg1.p50() / plain1.p50(), agg1.p99() / plain1.p99(), agg100.p50() / plain100.p50(), agg100.p99() / plain100.p99()));
        lines.forEach(System.out::println);
        Path out = Path.of("target", "bench", "online-reads.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }

    /** One row: its line, and p50 and p99 in ms. */
    private record Result(String line, double p50, double p99) {
    }

    private Result run(String label, List<String> refs, int keysPerRead, int ratePerSecond, int seconds)
            throws InterruptedException {
        Histogram latency = new Histogram(60_000_000_000L, 3);
        int total = ratePerSecond * seconds;
        long periodNanos = 1_000_000_000L / ratePerSecond;
        CountDownLatch done = new CountDownLatch(total);
        AtomicLong failures = new AtomicLong();
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime() + 10_000_000L;
        AtomicLong sent = new AtomicLong();
        sender.scheduleAtFixedRate(() -> {
            // Catch up with every request that is due, each stamped with the moment it was due.
            long now = System.nanoTime();
            while (sent.get() < total && start + sent.get() * periodNanos <= now) {
                long i = sent.getAndIncrement();
                long due = start + i * periodNanos;
                List<String> keys = IntStream.range(0, keysPerRead)
                        .mapToObj(k -> "e" + ((i * keysPerRead + k) % ENTITIES)).toList();
                reads.online(new OnlineFeaturesRequest(refs, keys)).subscribe().with(
                        r -> {
                            synchronized (latency) {
                                latency.recordValue(System.nanoTime() - due);
                            }
                            done.countDown();
                        },
                        e -> {
                            failures.incrementAndGet();
                            done.countDown();
                        });
            }
        }, 10, Math.max(1, periodNanos / 4), TimeUnit.NANOSECONDS);
        boolean finished = done.await(seconds + 120L, TimeUnit.SECONDS);
        sender.shutdownNow();
        String line = String.format("%-22s rate %5d/s  n %6d  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  max %8.3f ms  failures %d%s",
                label, ratePerSecond, latency.getTotalCount(), ms(latency.getValueAtPercentile(50)),
                ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()),
                failures.get(), finished ? "" : " (did not finish)");
        System.out.println(line);
        return new Result(line, ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(99)));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** A view with the twenty aggregations and {@value #EVENTS_PER_ENTITY} events per entity over the last 30 days. */
    private static String twentyAggregationView() {
        String name = unique("bench_agg");
        String aggregations = AGGREGATIONS.stream().map(a -> "{\"name\": \"%s\", \"function\": \"%s\", \"source\": \"%s\", \"window\": \"%s\"}"
                .formatted(a[0], a[1], a[2], a[3])).collect(Collectors.joining(","));
        given().contentType("application/json")
                .body("{\"name\": \"" + name + "\", \"entity\": \"" + newEntity() + "\", \"features\": ["
                        + "{\"name\": \"opened\", \"type\": \"BOOL\"}, {\"name\": \"amount\", \"type\": \"FP64\"}, "
                        + "{\"name\": \"device\", \"type\": \"STRING\"}], \"aggregations\": [" + aggregations + "]}")
                .when().post("/api/v1/feature-views").then().statusCode(201);
        Random random = new Random(42);
        Instant now = Instant.now();
        List<String> rows = new ArrayList<>();
        for (int e = 0; e < ENTITIES; e++) {
            for (int i = 0; i < EVENTS_PER_ENTITY; i++) {
                Instant t = now.minusMillis(1 + (long) (random.nextDouble() * 30 * 86_400_000L));
                rows.add(row("e" + e, t, "{\"opened\": true, \"amount\": " + random.nextInt(400) * 0.25
                        + ", \"device\": \"d" + random.nextInt(6) + "\"}"));
            }
        }
        for (int from = 0; from < rows.size(); from += 5000) {
            ingest(name, String.join(",", rows.subList(from, Math.min(rows.size(), from + 5000))));
        }
        return name;
    }

    private static String twentyFeatureView() {
        String entity = newEntity();
        String name = unique("bench");
        String features = IntStream.range(0, FEATURES).mapToObj(i -> "{\"name\": \"f" + i + "\", \"type\": \"FP64\"}")
                .collect(Collectors.joining(","));
        given().contentType("application/json")
                .body("{\"name\": \"" + name + "\", \"entity\": \"" + entity + "\", \"features\": [" + features + "]}")
                .when().post("/api/v1/feature-views").then().statusCode(201);
        String values = IntStream.range(0, FEATURES).mapToObj(i -> "\"f" + i + "\": " + (i * 0.5))
                .collect(Collectors.joining(", ", "{", "}"));
        Instant t = Instant.now().minusSeconds(60);
        ingest(name, IntStream.range(0, ENTITIES).mapToObj(e -> row("e" + e, t, values)).collect(Collectors.joining(",")));
        return name;
    }
}
