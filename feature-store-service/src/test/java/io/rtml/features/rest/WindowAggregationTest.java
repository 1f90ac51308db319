package io.rtml.features.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicWriter;
import io.rtml.features.service.RetentionService;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static io.rtml.features.rest.Fixtures.metric;
import static io.rtml.features.rest.Fixtures.newEntity;
import static io.rtml.features.rest.Fixtures.row;
import static io.rtml.features.rest.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Window aggregations against an oracle that recomputes every function from the raw event list (not with the
 * store's combining code), by the documented window rule: the bucket containing the read time and the ones
 * before it, a window's worth (1-minute buckets up to 1 h, 1-hour up to 7 d, 1-day beyond). The test profile
 * allows 8 days of lateness, so days of history can be replayed out of order.
 */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_features_test"))
class WindowAggregationTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = List.of("a0", "a1", "a2");
    private static final String FEATURES = """
            [{"name": "opened", "type": "BOOL"}, {"name": "amount", "type": "FP64"},
             {"name": "clicks", "type": "INT64"}, {"name": "device", "type": "STRING"}]""";

    /** A declared aggregation and, for the oracle, its window and bucket in seconds (the documented rule). */
    private record Agg(String name, String function, String source, String window, long windowSeconds, long bucketSeconds) {
        String json() {
            return "{\"name\": \"%s\", \"function\": \"%s\", \"source\": \"%s\", \"window\": \"%s\"}"
                    .formatted(name, function, source, window);
        }
    }

    private static final List<Agg> AGGS = List.of(
            new Agg("opens_1h", "count", "opened", "1h", 3600, 60),
            new Agg("opens_7d", "count", "opened", "7d", 7 * 86400, 3600),
            new Agg("amount_sum_24h", "sum", "amount", "24h", 86400, 3600),
            new Agg("amount_mean_7d", "mean", "amount", "7d", 7 * 86400, 3600),
            new Agg("amount_sum_30d", "sum", "amount", "30d", 30 * 86400, 86400),
            new Agg("clicks_min_7d", "min", "clicks", "7d", 7 * 86400, 3600),
            new Agg("clicks_max_24h", "max", "clicks", "24h", 86400, 3600),
            new Agg("device_last_7d", "last", "device", "7d", 7 * 86400, 3600),
            new Agg("devices_7d", "distinct_count", "device", "7d", 7 * 86400, 3600));

    /** One raw event as the oracle keeps it: null where the row does not carry the feature. */
    private record Event(String key, Instant time, Map<String, Object> values) {
    }

    @Inject
    RetentionService retention;

    @Inject
    Pool pool;

    @Test
    void shouldServeEveryAggregationOnlineAsTheOracleComputesItFromTheRawEventsAndTheSameHistorically() throws Exception {
        String view = createView(AGGS, 40L * 86400);
        Random random = new Random(20261202L);
        Instant now = Instant.now();
        List<Event> events = new ArrayList<>();
        Set<Long> used = new HashSet<>();
        // Events over the last 7.5 days, a tenth of them in the last hour; ingested in shuffled batches, so most
        // arrive long after their event time and out of order (late, but within the allowed lateness).
        for (int i = 0; i < 240; i++) {
            long millisAgo;
            do {
                millisAgo = i % 10 == 0 ? 1 + random.nextInt(3_500_000) : 1 + (long) (random.nextDouble() * 7.5 * 86_400_000);
            } while (!used.add(millisAgo));
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("opened", true);
            if (random.nextInt(4) > 0) {
                values.put("amount", random.nextInt(400) * 0.25);
            }
            if (random.nextInt(4) > 0) {
                values.put("clicks", (long) random.nextInt(50));
            }
            if (random.nextInt(5) > 0) {
                values.put("device", List.of("mobile", "desktop", "tablet", "tv").get(random.nextInt(4)));
            } else if (random.nextBoolean()) {
                values.put("device", null);
            }
            events.add(new Event(KEYS.get(random.nextInt(KEYS.size())), now.minusMillis(millisAgo), values));
        }
        Collections.shuffle(events, random);
        for (int b = 0; b < 4; b++) {
            ingest(view, events.subList(b * 60, (b + 1) * 60));
        }

        List<String> refs = AGGS.stream().map(a -> view + ":" + a.name()).toList();
        Instant before;
        Instant after;
        JsonNode online;
        do {
            before = Instant.now();
            online = online(refs, KEYS);
            after = Instant.now();
            // Both ends in one minute: the online read used the same buckets as a read at `at` (epoch-aligned).
        } while (before.getEpochSecond() / 60 != after.getEpochSecond() / 60);
        Instant at = after;
        JsonNode historical = historical(refs, KEYS.stream().map(k -> new String[]{k, at.toString()}).toList());
        for (int k = 0; k < KEYS.size(); k++) {
            for (Agg a : AGGS) {
                String ref = view + ":" + a.name();
                JsonNode served = online.get(k).get("features").get(ref);
                checkAgainstOracle(served, a, oracle(events, KEYS.get(k), a, at), KEYS.get(k) + " " + a.name() + " online");
                JsonNode trained = historical.get(k).get("features").get(ref);
                assertThat(trained.get("value")).as("%s %s historical = online", KEYS.get(k), a.name()).isEqualTo(served.get("value"));
                assertThat(trained.get("status")).isEqualTo(served.get("status"));
                assertThat(trained.get("eventTime")).isEqualTo(served.get("eventTime"));
            }
        }

        // Historical rows at earlier times answer what the oracle says held then.
        List<Instant> earlier = List.of(at.minus(Duration.ofDays(2)).minusSeconds(1234), at.minus(Duration.ofMinutes(37)),
                at.minus(Duration.ofDays(5)).plusSeconds(777));
        List<String[]> rows = new ArrayList<>();
        earlier.forEach(t -> KEYS.forEach(k -> rows.add(new String[]{k, t.toString()})));
        JsonNode past = historical(refs, rows);
        for (int i = 0; i < rows.size(); i++) {
            for (Agg a : AGGS) {
                checkAgainstOracle(past.get(i).get("features").get(view + ":" + a.name()), a,
                        oracle(events, rows.get(i)[0], a, Instant.parse(rows.get(i)[1])), rows.get(i)[0] + " " + a.name() + " at " + rows.get(i)[1]);
            }
        }
    }

    @Test
    void shouldCountAndDropAnEventOlderThanTheAllowedLatenessAndChangeNoAggregation() {
        Agg opens30d = new Agg("opens_30d", "count", "opened", "30d", 30 * 86400, 86400);
        String view = createView(List.of(opens30d), null);
        Instant recent = Instant.now().minus(Duration.ofDays(2));
        Instant tooLate = Instant.now().minus(Duration.ofDays(9));
        String ref = view + ":opens_30d";
        Fixtures.ingest(view, row("l1", recent, "{\"opened\": true}"));
        double lateBefore = metric("rtml_feature_aggregation_late_events_total{feature_view=\"" + view + "\"");

        given().contentType(ContentType.JSON)
                .body("{\"rows\": [" + row("l1", tooLate, "{\"opened\": true}") + "," + row("l1", recent.plusSeconds(1), "{\"device\": \"tv\"}") + "]}")
                .when().post("/api/v1/feature-views/" + view + "/rows").then().statusCode(200)
                .body("upserted", equalTo(2)).body("lateForAggregations", equalTo(List.of(0)));

        assertThat(metric("rtml_feature_aggregation_late_events_total{feature_view=\"" + view + "\"") - lateBefore).isEqualTo(1.0);
        JsonNode served = online(List.of(ref), List.of("l1")).get(0).get("features").get(ref);
        assertThat(served.get("value").asLong()).isEqualTo(1);
        assertThat(served.get("eventTime").asText()).isEqualTo(recent.truncatedTo(ChronoUnit.MICROS).toString());
        // Read at the late event's own time, where it would have counted: nothing there either.
        JsonNode then = historical(List.of(ref), List.<String[]>of(new String[]{"l1", tooLate.plusSeconds(60).toString()}))
                .get(0).get("features").get(ref);
        assertThat(then.get("value").asLong()).isZero();
        assertThat(then.get("status").asText()).isEqualTo("PRESENT");
    }

    @Test
    void shouldApplyAViewsOwnAllowedLatenessInsteadOfTheServiceDefault() {
        String view = unique("agg");
        given().contentType(ContentType.JSON).body(viewBody(view, newEntity(), null,
                        "[" + new Agg("opens_7d", "count", "opened", "7d", 7 * 86400, 3600).json() + "], \"allowedLatenessSeconds\": 86400"))
                .when().post("/api/v1/feature-views").then().statusCode(201).body("allowedLatenessSeconds", equalTo(86400));
        Instant now = Instant.now();
        given().contentType(ContentType.JSON)
                .body("{\"rows\": [" + row("v1", now.minus(Duration.ofDays(2)), "{\"opened\": true}") + ","
                        + row("v1", now.minus(Duration.ofHours(20)), "{\"opened\": true}") + "]}")
                .when().post("/api/v1/feature-views/" + view + "/rows").then().statusCode(200)
                .body("lateForAggregations", equalTo(List.of(0)));
        String ref = view + ":opens_7d";
        assertThat(online(List.of(ref), List.of("v1")).get(0).get("features").get(ref).get("value").asLong()).isEqualTo(1);
    }

    @Test
    void shouldRejectBadAggregationDeclarationsNamingTheProblemAndStoreNothing() {
        String entity = newEntity();
        rejectDeclaration(entity, "{\"name\": \"x\", \"function\": \"median\", \"source\": \"amount\", \"window\": \"7d\"}", null,
                "function", "function 'median' is not one of count, sum, mean, min, max, last, distinct_count");
        rejectDeclaration(entity, "{\"name\": \"x\", \"function\": \"count\", \"source\": \"nope\", \"window\": \"7d\"}", null,
                "source", "source 'nope' is not a stored feature");
        rejectDeclaration(entity, "{\"name\": \"x\", \"function\": \"sum\", \"source\": \"device\", \"window\": \"7d\"}", null,
                "source", "sum needs a numeric source, but 'device' is STRING");
        rejectDeclaration(entity, "{\"name\": \"x\", \"function\": \"count\", \"source\": \"opened\", \"window\": \"7w\"}", null,
                "window", "window '7w' is not a whole number of minutes, hours or days");
        rejectDeclaration(entity, "{\"name\": \"x\", \"function\": \"count\", \"source\": \"opened\", \"window\": \"90m\"}", null,
                "window", "is not a whole number of its 60-minute buckets");
        rejectDeclaration(entity, "{\"name\": \"x\", \"function\": \"count\", \"source\": \"opened\", \"window\": \"30d\"}", 7L * 86400,
                "window", "window '30d' (2592000 s) is longer than the view's retentionSeconds (604800)");
        // An aggregation named like a feature is a duplicate name.
        String name = unique("agg");
        given().contentType(ContentType.JSON).body(viewBody(name, entity, null,
                        "[{\"name\": \"amount\", \"function\": \"sum\", \"source\": \"amount\", \"window\": \"24h\"}]"))
                .when().post("/api/v1/feature-views").then().statusCode(400).body("error", containsString("'amount' more than once"));
        given().when().get("/api/v1/feature-views/" + name).then().statusCode(404);
    }

    @Test
    void shouldRejectANonNumericValueForASummedFeatureOrAWriteToAnAggregationAndStoreNothing() {
        Agg sum = new Agg("amount_sum_24h", "sum", "amount", "24h", 86400, 3600);
        String view = createView(List.of(sum), null);
        String ref = view + ":amount_sum_24h";
        given().contentType(ContentType.JSON)
                .body("{\"rows\": [" + row("n1", Instant.now(), "{\"amount\": 2.5}") + "," + row("n1", Instant.now(), "{\"amount\": \"lots\"}")
                        + "," + row("n1", Instant.now(), "{\"amount_sum_24h\": 3.0}") + "]}")
                .when().post("/api/v1/feature-views/" + view + "/rows").then().statusCode(400)
                .body("details[0].row", equalTo(1)).body("details[0].feature", equalTo("amount"))
                .body("details[0].problem", containsString("is not a number"))
                .body("details[1].row", equalTo(2)).body("details[1].feature", equalTo("amount_sum_24h"))
                .body("details[1].problem", containsString("is a window aggregation over 'amount' and cannot be written"));
        JsonNode served = online(List.of(ref), List.of("n1")).get(0).get("features").get(ref);
        assertThat(served.get("value").asDouble()).isZero();
        assertThat(served.get("eventTime").isNull()).isTrue();
        assertThat(count("SELECT count(*) FROM feature_tile t JOIN feature_view v ON v.id = t.view_id WHERE v.name = $1", view)).isZero();
    }

    @Test
    void shouldUpdateAggregationsFromFeatureUpdatesOnKafka() throws Exception {
        Agg opens7d = new Agg("opens_7d", "count", "opened", "7d", 7 * 86400, 3600);
        Agg clicks = new Agg("clicks_sum_24h", "sum", "clicks", "24h", 86400, 3600);
        String view = createView(List.of(opens7d, clicks), null);
        Instant now = Instant.now();
        List<Event> events = List.of(
                new Event("k1", now.minus(Duration.ofDays(3)), Map.of("opened", true, "clicks", 4L)),
                new Event("k1", now.minus(Duration.ofHours(5)), Map.of("opened", true, "clicks", 2L)),
                new Event("k1", now.minusSeconds(30), Map.of("opened", true)));
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaProducer<String, String> producer = TopicWriter.stringProducer(bootstrap)) {
            for (Event e : events) {
                producer.send(new ProducerRecord<>("rtml.feature-updates", e.key(), JSON.writeValueAsString(Map.of(
                        "featureView", view, "entityKey", e.key(), "values", e.values(), "eventTime", e.time().toString())))).get();
            }
        }
        String ref = view + ":opens_7d";
        Instant deadline = Instant.now().plusSeconds(30);
        while (online(List.of(ref), List.of("k1")).get(0).get("features").get(ref).get("value").asLong() < events.size()) {
            assertThat(Instant.now()).as("opens_7d never reached %d", events.size()).isBefore(deadline);
            Thread.sleep(200);
        }
        Instant at = Instant.now();
        for (Agg a : List.of(opens7d, clicks)) {
            JsonNode served = online(List.of(view + ":" + a.name()), List.of("k1")).get(0).get("features").get(view + ":" + a.name());
            checkAgainstOracle(served, a, oracle(events, "k1", a, at), a.name() + " from Kafka");
        }
    }

    @Test
    void shouldEstimateDistinctCountsWithinTheSketchErrorBoundOnlineAndHistoricallyAlike() {
        Agg devices = new Agg("devices_7d", "distinct_count", "device", "7d", 7 * 86400, 3600);
        String view = createView(List.of(devices), null);
        Random random = new Random(99L);
        Instant now = Instant.now();
        int distinct = 5000;
        // 5,000 distinct values, each written 1-3 times, over the last 6 days, in 5 batches: the sketches of
        // shared buckets are merged across batches.
        List<String> rows = new ArrayList<>();
        for (int v = 0; v < distinct; v++) {
            int times = 1 + random.nextInt(3);
            for (int r = 0; r < times; r++) {
                rows.add(row("d1", now.minusMillis(1 + (long) (random.nextDouble() * 6 * 86_400_000)), "{\"device\": \"dev-" + v + "\"}"));
            }
        }
        Collections.shuffle(rows, random);
        int per = rows.size() / 5 + 1;
        for (int b = 0; b * per < rows.size(); b++) {
            Fixtures.ingest(view, String.join(",", rows.subList(b * per, Math.min(rows.size(), (b + 1) * per))));
        }
        String ref = view + ":devices_7d";
        long online = online(List.of(ref), List.of("d1")).get(0).get("features").get(ref).get("value").asLong();
        long historical = historical(List.of(ref), List.<String[]>of(new String[]{"d1", Instant.now().toString()}))
                .get(0).get("features").get(ref).get("value").asLong();
        // HLL with lgK = 12: relative standard error 1.04 / sqrt(4096); allow three of them.
        double bound = 3 * 1.04 / Math.sqrt(4096) * distinct;
        System.out.printf("distinct_count: exact %d, online estimate %d, historical %d, bound ±%.0f%n", distinct, online, historical, bound);
        assertThat((double) online).isCloseTo(distinct, within(bound));
        assertThat(historical).isEqualTo(online);
    }

    @Test
    void shouldRemoveTilesOlderThanTheRetention() {
        Agg opens24h = new Agg("opens_24h", "count", "opened", "24h", 86400, 3600);
        String view = createView(List.of(opens24h), 2L * 86400);
        Instant old = Instant.now().minus(Duration.ofDays(3));
        Fixtures.ingest(view, row("r1", old, "{\"opened\": true}") + "," + row("r1", Instant.now().minusSeconds(60), "{\"opened\": true}"));
        String tiles = "SELECT count(*) FROM feature_tile t JOIN feature_view v ON v.id = t.view_id WHERE v.name = $1";
        assertThat(count(tiles, view)).isEqualTo(2);

        RetentionService.Purged purged = retention.purge().await().indefinitely();

        assertThat(purged.tiles()).isGreaterThanOrEqualTo(1);
        assertThat(count(tiles, view)).isEqualTo(1);
        String ref = view + ":opens_24h";
        assertThat(online(List.of(ref), List.of("r1")).get(0).get("features").get(ref).get("value").asLong()).isEqualTo(1);
        assertThat(metric("rtml_feature_aggregation_tiles_removed_total{feature_view=\"" + view + "\"")).isEqualTo(1.0);
    }

    // --- the oracle: every function recomputed from the raw events ---

    /** What the store should answer at {@code at}: value (null when none), newest event time included. */
    private record Expected(Object value, Instant newest) {
    }

    private static Expected oracle(List<Event> events, String key, Agg a, Instant at) {
        long end = Math.floorDiv(at.getEpochSecond(), a.bucketSeconds()) * a.bucketSeconds() + a.bucketSeconds();
        long start = end - a.windowSeconds();
        Predicate<Event> inWindow = e -> e.key().equals(key) && e.values().get(a.source()) != null
                && e.time().getEpochSecond() >= start && e.time().getEpochSecond() < end;
        List<Event> in = events.stream().filter(inWindow).toList();
        Instant newest = in.stream().map(Event::time).max(Instant::compareTo).orElse(null);
        List<Double> numbers = in.stream().map(e -> e.values().get(a.source())).filter(v -> v instanceof Number)
                .map(v -> ((Number) v).doubleValue()).toList();
        Object value = switch (a.function()) {
            case "count" -> (long) in.size();
            case "sum" -> numbers.stream().mapToDouble(Double::doubleValue).sum();
            case "mean" -> in.isEmpty() ? null : numbers.stream().mapToDouble(Double::doubleValue).sum() / numbers.size();
            case "min" -> in.stream().mapToLong(e -> (Long) e.values().get(a.source())).min().stream().boxed().findFirst().orElse(null);
            case "max" -> in.stream().mapToLong(e -> (Long) e.values().get(a.source())).max().stream().boxed().findFirst().orElse(null);
            case "last" -> in.stream().max((x, y) -> x.time().compareTo(y.time())).map(e -> e.values().get(a.source())).orElse(null);
            case "distinct_count" -> (long) in.stream().map(e -> e.values().get(a.source())).collect(Collectors.toSet()).size();
            default -> throw new IllegalArgumentException(a.function());
        };
        return new Expected(value, newest);
    }

    private static void checkAgainstOracle(JsonNode served, Agg a, Expected expected, String what) {
        if (expected.value() == null) {
            assertThat(served.get("status").asText()).as(what).isEqualTo("NOT_FOUND");
            return;
        }
        assertThat(served.get("status").asText()).as(what).isEqualTo("PRESENT");
        JsonNode v = served.get("value");
        switch (a.function()) {
            case "count", "min", "max" -> assertThat(v.asLong()).as(what).isEqualTo((Long) expected.value());
            case "sum", "mean" -> assertThat(v.asDouble()).as(what).isCloseTo((Double) expected.value(), within(1e-9));
            case "last" -> assertThat(v.asText()).as(what).isEqualTo(expected.value());
            // A handful of distinct values: the sketch is exact up to rounding.
            case "distinct_count" -> assertThat(v.asLong()).as(what).isEqualTo((Long) expected.value());
            default -> throw new IllegalArgumentException(a.function());
        }
        String newest = expected.newest() == null ? null : expected.newest().truncatedTo(ChronoUnit.MICROS).toString();
        assertThat(served.get("eventTime").isNull() ? null : served.get("eventTime").asText()).as(what + " eventTime").isEqualTo(newest);
    }

    // --- helpers ---

    private static String createView(List<Agg> aggs, Long retentionSeconds) {
        String name = unique("agg");
        given().contentType(ContentType.JSON).body(viewBody(name, newEntity(), retentionSeconds,
                        "[" + aggs.stream().map(Agg::json).collect(Collectors.joining(",")) + "]"))
                .when().post("/api/v1/feature-views").then().statusCode(201)
                .body("aggregations.size()", equalTo(aggs.size()));
        return name;
    }

    private static String viewBody(String name, String entity, Long retentionSeconds, String aggregations) {
        return "{\"name\": \"" + name + "\", \"entity\": \"" + entity + "\", "
                + (retentionSeconds == null ? "" : "\"retentionSeconds\": " + retentionSeconds + ", ")
                + "\"features\": " + FEATURES + ", \"aggregations\": " + aggregations + "}";
    }

    private static void rejectDeclaration(String entity, String aggregation, Long retentionSeconds, String field, String problem) {
        String name = unique("agg");
        given().contentType(ContentType.JSON).body(viewBody(name, entity, retentionSeconds, "[" + aggregation + "]"))
                .when().post("/api/v1/feature-views").then().statusCode(400)
                .body("error", containsString("Aggregation 'x'"))
                .body("error", containsString(problem))
                .body("details.aggregation", equalTo("x"))
                .body("details.field", equalTo(field));
        given().when().get("/api/v1/feature-views/" + name).then().statusCode(404);
    }

    private static void ingest(String view, List<Event> events) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Event e : events) {
            rows.add(Map.of("entityKey", e.key(), "eventTime", e.time().toString(), "values", e.values()));
        }
        given().contentType(ContentType.JSON).body(JSON.writeValueAsString(Map.of("rows", rows)))
                .when().post("/api/v1/feature-views/" + view + "/rows").then().statusCode(200)
                .body("upserted", equalTo(events.size()));
    }

    private static JsonNode online(List<String> refs, List<String> keys) {
        try {
            String body = JSON.writeValueAsString(Map.of("features", refs, "entityKeys", keys));
            return JSON.readTree(given().contentType(ContentType.JSON).body(body).when().post("/api/v1/online-features")
                    .then().statusCode(200).extract().asString()).get("results");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode historical(List<String> refs, List<String[]> rows) {
        try {
            List<Map<String, String>> entityRows = rows.stream().map(r -> Map.of("entityKey", r[0], "timestamp", r[1])).toList();
            String body = JSON.writeValueAsString(Map.of("features", refs, "entityRows", entityRows));
            return JSON.readTree(given().contentType(ContentType.JSON).body(body).when().post("/api/v1/historical-features")
                    .then().statusCode(200).extract().asString()).get("results");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql, String view) {
        return pool.preparedQuery(sql).execute(Tuple.of(view)).await().indefinitely().iterator().next().getLong(0);
    }
}
