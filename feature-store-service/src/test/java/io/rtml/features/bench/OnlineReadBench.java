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
 * each sent open-loop at a fixed rate (a request's latency counts from when it was due, so a stall is not
 * hidden by the requests it delayed). Not a test: it asserts nothing and runs only with {@code -Pbench}:
 * {@code mvn -B -ntp -pl feature-store-service verify -Pbench}. Figures go to stdout and
 * {@code target/bench/online-reads.txt}.
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

    @Inject
    FeatureReadService reads;

    @Test
    void measureOnlineReadLatencyAtFixedRates() throws Exception {
        String view = twentyFeatureView();
        List<String> refs = IntStream.range(0, FEATURES).mapToObj(i -> view + ":f" + i).toList();
        List<String> lines = new ArrayList<>();
        lines.add("online read, in-service (FeatureReadService.online against PostgreSQL), " + Instant.now());
        lines.add(run("1 x 20, warm-up", refs, 1, 500, 5));
        lines.add(run("1 x 20", refs, 1, Integer.getInteger("bench.rate.single", 1000), Integer.getInteger("bench.seconds", 20)));
        lines.add(run("100 x 20, warm-up", refs, 100, 100, 5));
        lines.add(run("100 x 20", refs, 100, Integer.getInteger("bench.rate.hundred", 200), Integer.getInteger("bench.seconds", 20)));
        lines.forEach(System.out::println);
        Path out = Path.of("target", "bench", "online-reads.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }

    private String run(String label, List<String> refs, int keysPerRead, int ratePerSecond, int seconds)
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
        return String.format("%-18s rate %5d/s  n %6d  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  max %8.3f ms  failures %d%s",
                label, ratePerSecond, latency.getTotalCount(), ms(latency.getValueAtPercentile(50)),
                ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()),
                failures.get(), finished ? "" : " (did not finish)");
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
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
