package io.rtml.features.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static io.rtml.features.rest.Fixtures.ingest;
import static io.rtml.features.rest.Fixtures.newView;
import static io.rtml.features.rest.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_features_test"))
class FeatureRowsAndReadsTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    @TestHTTPResource("/api/v1/")
    URI api;

    final HttpClient http = HttpClient.newHttpClient();

    static ValidatableResponse online(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/online-features").then();
    }

    static ValidatableResponse historical(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/historical-features").then();
    }

    @Test
    void shouldServeLatestValuesInTheirDeclaredTypesAndNotFoundForUnknownKeys() {
        String view = newView(86400L);
        Instant t = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        given().contentType(ContentType.JSON)
                .body("{\"rows\": [" + row("r1", t, "{\"tz_offset\": -5, \"device\": \"mobile\", \"opens_30d\": 12.0, \"is_vip\": true}") + "]}")
                .when().post("/api/v1/feature-views/" + view + "/rows")
                .then().statusCode(200).body("upserted", equalTo(1));

        online("{\"features\": [\"" + view + ":tz_offset\", \"" + view + ":device\", \"" + view + ":opens_30d\", \""
                + view + ":is_vip\"], \"entityKeys\": [\"r1\", \"r2\"]}")
                .statusCode(200)
                .body("results", hasSize(2))
                .body("results[0].entityKey", equalTo("r1"))
                .body("results[0].features.'" + view + ":tz_offset'.value", equalTo(-5.0f))
                .body("results[0].features.'" + view + ":tz_offset'.status", equalTo("PRESENT"))
                .body("results[0].features.'" + view + ":tz_offset'.eventTime", equalTo(t.toString()))
                .body("results[0].features.'" + view + ":tz_offset'.ageSeconds", greaterThan(59.0f))
                .body("results[0].features.'" + view + ":device'.value", equalTo("mobile"))
                .body("results[0].features.'" + view + ":opens_30d'.value", equalTo(12))
                .body("results[0].features.'" + view + ":is_vip'.value", equalTo(true))
                .body("results[1].entityKey", equalTo("r2"))
                .body("results[1].features.'" + view + ":tz_offset'.status", equalTo("NOT_FOUND"))
                .body("results[1].features.'" + view + ":tz_offset'.value", nullValue())
                .body("results[1].features.'" + view + ":tz_offset'.eventTime", nullValue())
                .body("results[1].features.'" + view + ":tz_offset'.ageSeconds", nullValue());
    }

    @Test
    void shouldNotLetAnOutOfOrderOlderEventOverwriteANewerValue() {
        String view = newView(null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ingest(view, row("r1", now, "{\"device\": \"desktop\", \"opens_30d\": 7}"));
        // Older event arrives late: device stays "desktop"; tz_offset, new to this entity, is still taken.
        ingest(view, row("r1", now.minusSeconds(3600), "{\"device\": \"mobile\", \"tz_offset\": 2}"));
        // Two rows for one key in one batch: the newer wins whatever the order.
        ingest(view, row("r1", now.plusSeconds(10), "{\"opens_30d\": 9}") + "," + row("r1", now.plusSeconds(5), "{\"opens_30d\": 8}"));

        online("{\"features\": [\"" + view + ":device\", \"" + view + ":tz_offset\", \"" + view + ":opens_30d\"], \"entityKeys\": [\"r1\"]}")
                .statusCode(200)
                .body("results[0].features.'" + view + ":device'.value", equalTo("desktop"))
                .body("results[0].features.'" + view + ":device'.eventTime", equalTo(now.toString()))
                .body("results[0].features.'" + view + ":tz_offset'.value", equalTo(2.0f))
                .body("results[0].features.'" + view + ":opens_30d'.value", equalTo(9));
    }

    @Test
    void shouldWithholdValuesOlderThanTheViewTtl() {
        String view = newView(3600L);
        Instant now = Instant.now();
        ingest(view, row("old", now.minus(Duration.ofHours(2)), "{\"device\": \"mobile\"}") + ","
                + row("fresh", now.minus(Duration.ofMinutes(10)), "{\"device\": \"tablet\"}"));
        online("{\"features\": [\"" + view + ":device\"], \"entityKeys\": [\"old\", \"fresh\"]}")
                .statusCode(200)
                .body("results[0].features.'" + view + ":device'.status", equalTo("OUTSIDE_TTL"))
                .body("results[0].features.'" + view + ":device'.value", nullValue())
                .body("results[0].features.'" + view + ":device'.ageSeconds", greaterThan(7199.0f))
                .body("results[1].features.'" + view + ":device'.status", equalTo("PRESENT"))
                .body("results[1].features.'" + view + ":device'.value", equalTo("tablet"));
    }

    @Test
    void shouldRejectRowsWithUnknownFeatureWrongTypeOrMissingFieldsAndStoreNothing() {
        String view = newView(null);
        Instant t = Instant.now();
        given().contentType(ContentType.JSON)
                .body("{\"rows\": [" + row("good", t, "{\"device\": \"mobile\"}") + ","
                        + row("r1", t, "{\"colour\": \"red\"}") + ","
                        + row("r2", t, "{\"opens_30d\": 1.5, \"tz_offset\": \"five\"}") + ","
                        + "{\"eventTime\": \"" + t + "\", \"values\": {\"is_vip\": false}}" + ","
                        + "{\"entityKey\": \"r4\", \"values\": {\"is_vip\": \"yes\"}}]}")
                .when().post("/api/v1/feature-views/" + view + "/rows")
                .then().statusCode(400)
                .body("error", containsString("4 of 5 rows are invalid"))
                .body("error", containsString("nothing was stored"))
                .body("error", containsString("row 1, feature 'colour': feature 'colour' is not in feature view"))
                .body("details.find { it.row == 2 && it.feature == 'opens_30d' }.problem", containsString("not a 64-bit integer"))
                .body("details.find { it.row == 2 && it.feature == 'tz_offset' }.problem", containsString("is not a number"))
                .body("details.find { it.row == 3 }.problem", equalTo("entityKey is missing"))
                .body("details.find { it.row == 4 && it.feature == null }.problem", equalTo("eventTime is missing"))
                .body("details.find { it.row == 4 && it.feature == 'is_vip' }.problem", containsString("is not true or false"));

        online("{\"features\": [\"" + view + ":device\"], \"entityKeys\": [\"good\"]}")
                .statusCode(200).body("results[0].features.'" + view + ":device'.status", equalTo("NOT_FOUND"));
        given().when().get("/api/v1/feature-views/" + view + "/freshness").then().statusCode(200).body("rows", equalTo(0));

        given().contentType(ContentType.JSON).body("{\"rows\": []}")
                .when().post("/api/v1/feature-views/" + view + "/rows")
                .then().statusCode(400).body("error", containsString("at least one row"));
        given().contentType(ContentType.JSON).body("{\"rows\": [" + row("x", t, "{\"device\": \"a\"}") + "]}")
                .when().post("/api/v1/feature-views/no_such_view/rows")
                .then().statusCode(404).body("error", containsString("no_such_view"));
        given().contentType(ContentType.JSON).body("{\"rows\": [{\"entityKey\": \"x\", \"eventTime\": \"yesterday\", \"values\": {}}]}")
                .when().post("/api/v1/feature-views/" + view + "/rows")
                .then().statusCode(400).body("error", containsString("rows.[0].eventTime"));
    }

    @Test
    void shouldRejectReadsOfUnknownViewsOrFeatures() {
        String view = newView(null);
        online("{\"features\": [\"no_such_view:x\"], \"entityKeys\": [\"r1\"]}")
                .statusCode(400).body("error", equalTo("Feature view 'no_such_view' does not exist"));
        online("{\"features\": [\"" + view + ":colour\"], \"entityKeys\": [\"r1\"]}")
                .statusCode(400).body("error", containsString("has no feature 'colour'"));
        online("{\"features\": [\"device\"], \"entityKeys\": [\"r1\"]}")
                .statusCode(400).body("error", containsString("is not of the form 'view:feature'"));
        online("{\"features\": [\"" + view + ":device\"], \"entityKeys\": []}")
                .statusCode(400).body("error", containsString("entityKeys"));
        historical("{\"features\": [\"" + view + ":nope\"], \"entityRows\": [{\"entityKey\": \"r1\", \"timestamp\": \"2026-01-01T00:00:00Z\"}]}")
                .statusCode(400).body("error", containsString("has no feature 'nope'"));
        historical("{\"features\": [\"" + view + ":device\"], \"entityRows\": [{\"entityKey\": \"r1\"}]}")
                .statusCode(400).body("error", equalTo("entityRows[0].timestamp is missing"));
        historical("{\"features\": [\"" + view + ":device\"], \"asOf\": \"ingest\", \"entityRows\": [{\"entityKey\": \"r1\", \"timestamp\": \"2026-01-01T00:00:00Z\"}]}")
                .statusCode(400).body("error", containsString("asOf must be \"known\""));
    }

    @Test
    void shouldJoinPointInTimeByEventTimeAndNeverLeakALaterValue() {
        String view = newView(86400L);
        ingest(view, row("r1", "2026-11-20T10:00:00Z", "{\"tz_offset\": -5, \"device\": \"mobile\"}") + ","
                + row("r1", "2026-11-20T12:00:00Z", "{\"tz_offset\": -8}") + ","
                + row("r2", "2026-11-15T00:00:00Z", "{\"tz_offset\": 1}"));
        String features = "[\"" + view + ":tz_offset\", \"" + view + ":device\"]";
        // These rows are a backfill: ingested now, long after their event times. By default (asOf known)
        // a training row from before the backfill sees nothing; asOf event joins on event time alone.
        historical("{\"features\": " + features + ", \"entityRows\": [{\"entityKey\": \"r1\", \"timestamp\": \"2026-11-20T11:00:00Z\"}]}")
                .statusCode(200).body("asOf", equalTo("known"))
                .body("results[0].features.'" + view + ":tz_offset'.status", equalTo("NOT_FOUND"));
        historical("{\"features\": " + features + ", \"asOf\": \"event\", \"entityRows\": ["
                + "{\"entityKey\": \"r1\", \"timestamp\": \"2026-11-20T11:00:00Z\"},"
                + "{\"entityKey\": \"r1\", \"timestamp\": \"2026-11-20T09:00:00Z\"},"
                + "{\"entityKey\": \"r1\", \"timestamp\": \"2026-11-20T12:00:00Z\"},"
                + "{\"entityKey\": \"r2\", \"timestamp\": \"2026-11-20T11:00:00Z\"}]}")
                .statusCode(200)
                .body("asOf", equalTo("event"))
                .body("results", hasSize(4))
                // 11:00: the 12:00 value exists but is in the row's future.
                .body("results[0].features.'" + view + ":tz_offset'.value", equalTo(-5.0f))
                .body("results[0].features.'" + view + ":tz_offset'.eventTime", equalTo("2026-11-20T10:00:00Z"))
                .body("results[0].features.'" + view + ":tz_offset'.ageSeconds", equalTo(3600.0f))
                .body("results[0].features.'" + view + ":device'.value", equalTo("mobile"))
                .body("results[1].features.'" + view + ":tz_offset'.status", equalTo("NOT_FOUND"))
                .body("results[2].features.'" + view + ":tz_offset'.value", equalTo(-8.0f))
                // The 12:00 row did not carry device: the 10:00 value still holds.
                .body("results[2].features.'" + view + ":device'.value", equalTo("mobile"))
                // r2's only value is five days older than the row: outside the one-day TTL.
                .body("results[3].entityKey", equalTo("r2"))
                .body("results[3].features.'" + view + ":tz_offset'.status", equalTo("OUTSIDE_TTL"))
                .body("results[3].features.'" + view + ":tz_offset'.value", nullValue());
    }

    @Test
    void shouldReportFreshnessAndStatisticsOfTheOnlineStore() {
        String view = newView(null);
        Instant newest = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        ingest(view, row("a", newest.minusSeconds(100), "{\"opens_30d\": 2, \"device\": \"mobile\", \"is_vip\": true, \"tz_offset\": 1.5}") + ","
                + row("b", newest, "{\"opens_30d\": 4, \"device\": \"mobile\", \"is_vip\": false}") + ","
                + row("c", newest.minusSeconds(5), "{\"opens_30d\": 9, \"device\": \"desktop\", \"is_vip\": true}"));

        given().when().get("/api/v1/feature-views/" + view + "/freshness")
                .then().statusCode(200)
                .body("featureView", equalTo(view))
                .body("latestEventTime", equalTo(newest.toString()))
                .body("ageSeconds", greaterThan(29.0f))
                .body("rows", equalTo(3));

        given().when().get("/api/v1/feature-views/" + view + "/stats")
                .then().statusCode(200)
                .body("rows", equalTo(3))
                .body("features.opens_30d.count", equalTo(3))
                .body("features.opens_30d.missing", equalTo(0))
                .body("features.opens_30d.min", equalTo(2.0f))
                .body("features.opens_30d.max", equalTo(9.0f))
                .body("features.opens_30d.mean", equalTo(5.0f))
                .body("features.tz_offset.count", equalTo(1))
                .body("features.tz_offset.missing", equalTo(2))
                .body("features.device.topCategories[0].value", equalTo("mobile"))
                .body("features.device.topCategories[0].count", equalTo(2))
                .body("features.device.topCategories[1].value", equalTo("desktop"))
                .body("features.is_vip.trueCount", equalTo(2));
    }

    /** Timed with a plain HTTP client: REST Assured spends seconds of its own on megabyte bodies. */
    @Test
    void shouldIngestTenThousandRowsAndReadAThousandKeysQuickly() throws Exception {
        String view = newView(null);
        Instant t = Instant.now().minusSeconds(5);
        String rows = IntStream.range(0, 10_000)
                .mapToObj(i -> row("e" + i, t, "{\"tz_offset\": " + (i % 24 - 12) + ", \"device\": \"d" + (i % 3)
                        + "\", \"opens_30d\": " + i + ", \"is_vip\": " + (i % 2 == 0) + "}"))
                .collect(Collectors.joining(","));
        long start = System.nanoTime();
        HttpResponse<String> ingested = post("feature-views/" + view + "/rows", "{\"rows\": [" + rows + "]}");
        Duration ingest = Duration.ofNanos(System.nanoTime() - start);
        assertThat(ingested.statusCode()).isEqualTo(200);
        assertThat(ingested.body()).isEqualTo("{\"upserted\":10000}");

        String keys = IntStream.range(0, 1000).mapToObj(i -> "\"e" + (i * 7) + "\"").collect(Collectors.joining(","));
        String body = "{\"features\": [\"" + view + ":opens_30d\", \"" + view + ":device\"], \"entityKeys\": [" + keys + "]}";
        post("online-features", body); // warm-up
        start = System.nanoTime();
        HttpResponse<String> read = post("online-features", body);
        Duration readTime = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("10,000-row ingest: %d ms; 1,000-key online read: %d ms%n", ingest.toMillis(), readTime.toMillis());

        assertThat(read.statusCode()).isEqualTo(200);
        List<Integer> values = JsonPath.from(read.body()).getList("results.features.'" + view + ":opens_30d'.value");
        assertThat(values).hasSize(1000).startsWith(0, 7, 14);
        // Bounds leave room for a shared, loaded CI machine; the printed figures are the measurement.
        assertThat(ingest).as("10,000 rows ingest").isLessThan(Duration.ofSeconds(10));
        assertThat(readTime).as("1,000-key online read").isLessThan(Duration.ofSeconds(2));
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.resolve(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Tokens.of(Roles.ADMIN))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldExposeIngestionFreshnessAndReadMetrics() {
        String view = newView(null);
        ingest(view, row("m1", Instant.now(), "{\"device\": \"mobile\"}"));
        online("{\"features\": [\"" + view + ":device\"], \"entityKeys\": [\"m1\", \"m2\"]}").statusCode(200);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("rtml_feature_rows_ingested_total\\{[^}]*feature_view=\"" + view + "\"[^}]*source=\"rest\"[^}]*} 1\\.0")
                .containsPattern("rtml_feature_freshness_seconds\\{[^}]*feature_view=\"" + view + "\"")
                .containsPattern("rtml_online_feature_reads_total\\{[^}]*status=\"PRESENT\"")
                .containsPattern("rtml_online_feature_reads_total\\{[^}]*status=\"NOT_FOUND\"");
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/online-features"));
    }
}
