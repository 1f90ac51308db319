package io.rtml.features.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static io.rtml.features.rest.Fixtures.newView;
import static io.rtml.features.rest.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Historical reads against a brute-force oracle: rows with random event times arrive in random batches
 * (backfills and out-of-order writes), and for entity rows stamped between the batches the store must
 * answer exactly what a plain scan of the ingest log says was known at that moment.
 */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_features_test"))
class HistoricalAsOfOracleTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4");
    private static final List<String> FEATURES = List.of("tz_offset", "opens_30d");

    /** One ingested row as the oracle sees it: which batch brought it, when it was true, what it set. */
    private record Logged(int batch, int order, String key, Instant eventTime, Map<String, Long> values) {
    }

    /** A batch as sent: the window in which the store stamped its ingestion time. */
    private record Sent(Instant before, Instant after) {
    }

    @Test
    void shouldNeverServeATrainingRowAValueThatWasIngestedAfterItUnderRandomisedBackfills() throws Exception {
        for (long seed : new long[]{7L, 1234L, 98765L}) {
            checkAgainstOracle(seed);
        }
    }

    private void checkAgainstOracle(long seed) throws InterruptedException {
        Random random = new Random(seed);
        String view = newView(null);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int batches = 6;
        // Event times from 2 s before the first batch to about the last one: some rows are backfills (event
        // long before ingestion), some arrive before their event time is reached by the later entity rows.
        Set<Long> usedMillis = new HashSet<>();
        List<Logged> pending = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            long offset;
            do {
                offset = -2000 + random.nextInt(2000 + batches * 70);
            } while (!usedMillis.add(offset));
            Map<String, Long> values = new LinkedHashMap<>();
            for (String f : FEATURES) {
                if (random.nextBoolean()) {
                    values.put(f, (long) random.nextInt(1000));
                }
            }
            if (values.isEmpty()) {
                values.put(FEATURES.get(random.nextInt(FEATURES.size())), (long) random.nextInt(1000));
            }
            pending.add(new Logged(-1, -1, KEYS.get(random.nextInt(KEYS.size())), start.plusMillis(offset), values));
        }
        Collections.shuffle(pending, random);

        List<Logged> log = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        int per = pending.size() / batches;
        for (int b = 0; b < batches; b++) {
            List<Logged> batch = pending.subList(b * per, b == batches - 1 ? pending.size() : (b + 1) * per);
            String body = batch.stream().map(r -> row(r.key(), r.eventTime(), json(r.values())))
                    .collect(Collectors.joining(","));
            Thread.sleep(40);
            Instant before = Instant.now();
            given().contentType(ContentType.JSON).body("{\"rows\": [" + body + "]}")
                    .when().post("/api/v1/feature-views/" + view + "/rows").then().statusCode(200);
            Instant after = Instant.now();
            sent.add(new Sent(before, after));
            for (int i = 0; i < batch.size(); i++) {
                Logged r = batch.get(i);
                log.add(new Logged(b, i, r.key(), r.eventTime(), r.values()));
            }
        }
        Thread.sleep(40);
        Instant end = Instant.now();

        // Entity rows in every gap between batches (and before the first, after the last), for every key.
        List<Instant> stamps = new ArrayList<>();
        for (int b = 0; b <= batches; b++) {
            Instant from = b == 0 ? sent.get(0).before().minusMillis(40) : sent.get(b - 1).after();
            Instant to = b == batches ? end : sent.get(b).before();
            stamps.add(from.plus(java.time.Duration.between(from, to).dividedBy(2)).truncatedTo(ChronoUnit.MICROS));
        }
        List<String[]> entityRows = new ArrayList<>();
        for (Instant ts : stamps) {
            for (String key : KEYS) {
                entityRows.add(new String[]{key, ts.toString()});
            }
        }
        for (String asOf : List.of("known", "event")) {
            List<Map<String, Map<String, Map<String, Object>>>> results = read(view, entityRows, asOf).getList("results");
            assertThat(results).hasSize(entityRows.size());
            for (int i = 0; i < entityRows.size(); i++) {
                String key = entityRows.get(i)[0];
                Instant ts = Instant.parse(entityRows.get(i)[1]);
                for (String f : FEATURES) {
                    Logged expected = oracle(log, sent, key, ts, f, asOf.equals("known"));
                    Map<String, Object> got = results.get(i).get("features").get(view + ":" + f);
                    String where = "seed " + seed + ", asOf " + asOf + ", " + key + " at " + ts + ", " + f;
                    if (expected == null) {
                        assertThat(got.get("status")).as(where).isEqualTo("NOT_FOUND");
                    } else {
                        assertThat(got.get("status")).as(where).isEqualTo("PRESENT");
                        assertThat(Instant.parse((String) got.get("eventTime"))).as(where).isEqualTo(expected.eventTime());
                        assertThat(((Number) got.get("value")).longValue()).as(where).isEqualTo(expected.values().get(f));
                    }
                }
            }
        }
    }

    /**
     * The answer by brute force over the ingest log: the row with the newest event time ≤ ts that sets the
     * feature, among all rows (event) or only those of batches whose request had returned before ts (known).
     */
    private static Logged oracle(List<Logged> log, List<Sent> sent, String key, Instant ts, String feature,
                                 boolean knownOnly) {
        Logged best = null;
        for (Logged r : log) {
            if (!r.key().equals(key) || !r.values().containsKey(feature) || r.eventTime().isAfter(ts)) {
                continue;
            }
            if (knownOnly && !sent.get(r.batch()).after().isBefore(ts)) {
                continue;
            }
            if (best == null || r.eventTime().isAfter(best.eventTime())) {
                best = r;
            }
        }
        return best;
    }

    private static JsonPath read(String view, List<String[]> entityRows, String asOf) {
        String rows = entityRows.stream().map(r -> "{\"entityKey\": \"" + r[0] + "\", \"timestamp\": \"" + r[1] + "\"}")
                .collect(Collectors.joining(","));
        String features = FEATURES.stream().map(f -> "\"" + view + ":" + f + "\"").collect(Collectors.joining(","));
        return given().contentType(ContentType.JSON)
                .body("{\"features\": [" + features + "], \"asOf\": \"" + asOf + "\", \"entityRows\": [" + rows + "]}")
                .when().post("/api/v1/historical-features").then().statusCode(200).extract().jsonPath();
    }

    private static String json(Map<String, Long> values) {
        return values.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
