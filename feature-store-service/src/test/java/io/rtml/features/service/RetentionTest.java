package io.rtml.features.service;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static io.rtml.features.rest.Fixtures.ingest;
import static io.rtml.features.rest.Fixtures.metric;
import static io.rtml.features.rest.Fixtures.newEntity;
import static io.rtml.features.rest.Fixtures.row;
import static io.rtml.features.rest.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_features_test"))
class RetentionTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    @Inject
    RetentionService retention;

    @Inject
    Pool pool;

    @Test
    void shouldRemoveHistoryOlderThanTheRetentionWhileWritesContinue() throws Exception {
        String view = newRetainedView(60, 3600L);
        Instant old = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        ingest(view, IntStream.range(0, 3000).mapToObj(i -> row("old" + (i % 300), old.plusMillis(i), "{\"clicks\": " + i + "}"))
                .collect(Collectors.joining(",")));
        Instant recent = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
        ingest(view, row("kept", recent, "{\"clicks\": 1}"));
        double removedBefore = metric("rtml_feature_history_removed_rows_total{feature_view=\"" + view + "\"");

        // A writer keeps ingesting fresh rows the whole time the purge runs.
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                ingest(view, row("live" + written.get(), Instant.now(), "{\"clicks\": 2}"));
                written.incrementAndGet();
            }
        });
        while (written.get() < 2) {
            Thread.sleep(5);
        }
        int writtenAtStart = written.get();
        RetentionService.Purged purged = retention.purge().await().indefinitely();
        int writtenDuringPurge = written.get() - writtenAtStart;
        stop.set(true);
        writer.get();
        System.out.printf("Retention: %d rows, %d bytes removed; %d writes completed during the purge%n",
                purged.rows(), purged.bytes(), writtenDuringPurge);

        assertThat(purged.rows()).isGreaterThanOrEqualTo(3000);
        assertThat(purged.bytes()).isGreaterThan(3000L * 40);
        assertThat(writtenDuringPurge).as("writes completed while the purge ran").isPositive();
        assertThat(historyRows(view, "old%")).isZero();
        assertThat(historyRows(view, "kept")).isEqualTo(1);
        assertThat(historyRows(view, "live%")).isEqualTo(written.get());
        assertThat(metric("rtml_feature_history_removed_rows_total{feature_view=\"" + view + "\"") - removedBefore)
                .isEqualTo(3000.0);
        assertThat(metric("rtml_feature_history_removed_bytes_total{feature_view=\"" + view + "\"")).isPositive();

        // Online values are not history: the latest value of an old key is still served (outside its TTL).
        given().contentType(ContentType.JSON)
                .body("{\"features\": [\"" + view + ":clicks\"], \"entityKeys\": [\"old1\", \"kept\"]}")
                .when().post("/api/v1/online-features").then().statusCode(200)
                .body("results[0].features.'" + view + ":clicks'.status", equalTo("OUTSIDE_TTL"))
                .body("results[1].features.'" + view + ":clicks'.value", equalTo(1));
        // A second purge finds nothing more to do.
        assertThat(retention.purge().await().indefinitely().rows()).isZero();
    }

    @Test
    void shouldRefuseARetentionNotLongerThanTheTtlAndCreateNothing() {
        String entity = newEntity();
        String name = unique("retained");
        given().contentType(ContentType.JSON).body("""
                        {"name": "%s", "entity": "%s", "ttlSeconds": 3600, "retentionSeconds": 3600,
                         "features": [{"name": "clicks", "type": "INT64"}]}""".formatted(name, entity))
                .when().post("/api/v1/feature-views").then().statusCode(400)
                .body("error", containsString("retentionSeconds (3600) must be longer than ttlSeconds (3600)"));
        given().when().get("/api/v1/feature-views/" + name).then().statusCode(404);
    }

    private static String newRetainedView(long ttlSeconds, long retentionSeconds) {
        String entity = newEntity();
        String name = unique("retained");
        given().contentType(ContentType.JSON).body("""
                        {"name": "%s", "entity": "%s", "ttlSeconds": %d, "retentionSeconds": %d,
                         "features": [{"name": "clicks", "type": "INT64"}]}""".formatted(name, entity, ttlSeconds, retentionSeconds))
                .when().post("/api/v1/feature-views").then().statusCode(201)
                .body("retentionSeconds", equalTo((int) retentionSeconds));
        return name;
    }

    private long historyRows(String view, String keyPattern) {
        return pool.preparedQuery("SELECT count(*) FROM feature_history h JOIN feature_view v ON v.id = h.view_id "
                        + "WHERE v.name = $1 AND h.entity_key LIKE $2")
                .execute(Tuple.of(view, keyPattern)).await().indefinitely().iterator().next().getLong(0);
    }
}
