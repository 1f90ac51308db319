package io.rtml.features.bench;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.features.rest.FeatureRowInput;
import io.rtml.features.rest.IngestRequest;
import io.rtml.features.service.IngestionService;
import jakarta.inject.Inject;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static io.rtml.features.rest.Fixtures.newEntity;
import static io.rtml.features.rest.Fixtures.unique;

/**
 * In-service cost of the write path: {@link IngestionService#ingest} called back to back with batches of 1,000
 * rows (open events over the last 6 days, 500 entities) into a view without aggregations and into one with
 * three (count, sum, distinct_count), against real PostgreSQL. Not a test: it asserts nothing and runs only with
 * {@code -Pbench}: {@code mvn -B -ntp -pl feature-store-service -am verify -Pbench -Dtest=IngestBench}. Figures go
 * to stdout and {@code target/bench/ingest.txt}.
 */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_features_bench"))
class IngestBench {

    private static final int ROWS_PER_BATCH = 1000;
    private static final int ENTITIES = 500;

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    @Inject
    IngestionService ingestion;

    @Test
    void measureBatchIngestion() throws Throwable {
        int batches = Integer.getInteger("bench.batches", 60);
        String plain = view("[]");
        String aggregated = view("""
                [{"name": "opens_7d", "function": "count", "source": "opened", "window": "7d"},
                 {"name": "amount_24h", "function": "sum", "source": "amount", "window": "24h"},
                 {"name": "devices_7d", "function": "distinct_count", "source": "device", "window": "7d"}]""");
        List<String> lines = new ArrayList<>();
        lines.add("ingest, in-service (IngestionService.ingest against PostgreSQL), " + ROWS_PER_BATCH + " rows a batch, "
                + Instant.now());
        run(plain, 10, 1);
        lines.add(run(plain, batches, 2) + "  no aggregations");
        run(aggregated, 10, 3);
        lines.add(run(aggregated, batches, 4) + "  3 aggregations");
        lines.forEach(System.out::println);
        Path out = Path.of("target", "bench", "ingest.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }

    private String run(String view, int batches, long seed) throws Throwable {
        Random random = new Random(seed);
        Histogram latency = new Histogram(60_000_000_000L, 3);
        long started = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            IngestRequest request = batch(random);
            long t0 = System.nanoTime();
            // On a Vert.x context, as a request would be (the view lookup needs one on its first call).
            VertxContextSupport.subscribeAndAwait(() -> ingestion.ingest(view, request));
            latency.recordValue(System.nanoTime() - t0);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return String.format("batches %4d  rows/s %8.0f  per batch p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms", batches,
                batches * ROWS_PER_BATCH / seconds, latency.getValueAtPercentile(50) / 1e6,
                latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6);
    }

    private static IngestRequest batch(Random random) {
        Instant now = Instant.now();
        List<FeatureRowInput> rows = new ArrayList<>(ROWS_PER_BATCH);
        for (int i = 0; i < ROWS_PER_BATCH; i++) {
            Instant t = now.minusMillis(1 + (long) (random.nextDouble() * 6 * 86_400_000L));
            rows.add(new FeatureRowInput("e" + random.nextInt(ENTITIES), t, Map.of("opened", true,
                    "amount", random.nextInt(400) * 0.25, "device", "d" + random.nextInt(50))));
        }
        return new IngestRequest(rows);
    }

    private static String view(String aggregations) {
        String name = unique("ingest");
        given().contentType("application/json").body("{\"name\": \"" + name + "\", \"entity\": \"" + newEntity() + "\", "
                        + "\"features\": [{\"name\": \"opened\", \"type\": \"BOOL\"}, {\"name\": \"amount\", \"type\": \"FP64\"}, "
                        + "{\"name\": \"device\", \"type\": \"STRING\"}], \"aggregations\": " + aggregations + "}")
                .when().post("/api/v1/feature-views").then().statusCode(201);
        return name;
    }
}
