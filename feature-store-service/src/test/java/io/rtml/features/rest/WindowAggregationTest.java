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
import io.quarkus.vertx.VertxContextSupport;
import io.rtml.features.service.RetentionService;
import io.rtml.features.service.TileRebuild;
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
 * store's combining code), by the documented window rule: the events with event time in (t − window, t], and,
 * as of known time, only those whose batch had been stored by t. Events arrive out of order, days late, and
 * more than once.
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
        // arrive long after their event time and out of order.
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
            // The online read happened at some instant between before and after: it answers what a read at
            // `after` does unless an event sits at a window's edge in between (then read again).
        } while (edgeBetween(events, before, after));
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

        // Historical rows at earlier times answer what the oracle says held then, as of event time (the events
        // were all ingested just now: as of known time nothing of them was known then).
        List<Instant> earlier = List.of(at.minus(Duration.ofDays(2)).minusSeconds(1234), at.minus(Duration.ofMinutes(37)),
                at.minus(Duration.ofDays(5)).plusSeconds(777));
        List<String[]> rows = new ArrayList<>();
        earlier.forEach(t -> KEYS.forEach(k -> rows.add(new String[]{k, t.toString()})));
        JsonNode past = historical(refs, rows, "event");
        for (int i = 0; i < rows.size(); i++) {
            for (Agg a : AGGS) {
                checkAgainstOracle(past.get(i).get("features").get(view + ":" + a.name()), a,
                        oracle(events, rows.get(i)[0], a, Instant.parse(rows.get(i)[1])), rows.get(i)[0] + " " + a.name() + " at " + rows.get(i)[1]);
            }
        }
    }

    @Test
    void shouldNeverCountInATrainingRowAnEventIngestedAfterItUnderRandomisedBackfillsAndReplays() throws Exception {
        for (long seed : new long[]{11L, 4242L}) {
            checkAsOfAgainstOracle(seed);
        }
    }

    private void checkAsOfAgainstOracle(long seed) throws Exception {
        List<Agg> aggs = List.of(AGGS.get(0), AGGS.get(2), AGGS.get(4), AGGS.get(6), AGGS.get(7), AGGS.get(8));
        String view = createView(aggs, 40L * 86400);
        Random random = new Random(seed);
        Instant start = Instant.now();
        // Events from 3 minutes before the first batch to its time (1-minute buckets shared across batches), and
        // backfills hours and days old; each batch also replays a few events sent before (identical: counted once).
        List<Event> pending = new ArrayList<>();
        Set<Long> used = new HashSet<>();
        for (int i = 0; i < 90; i++) {
            long millisAgo;
            do {
                millisAgo = i % 3 == 0 ? 1 + (long) (random.nextDouble() * 20 * 86_400_000) : 1 + random.nextInt(180_000);
            } while (!used.add(millisAgo));
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("opened", true);
            values.put("amount", random.nextInt(400) * 0.25);
            values.put("clicks", (long) random.nextInt(50));
            values.put("device", List.of("mobile", "desktop", "tablet", "tv").get(random.nextInt(4)));
            pending.add(new Event(KEYS.get(random.nextInt(KEYS.size())), start.minusMillis(millisAgo), values));
        }
        Collections.shuffle(pending, random);
        Map<Event, Instant> knownBy = new LinkedHashMap<>();
        List<Instant[]> sent = new ArrayList<>();
        int batches = 6;
        int per = pending.size() / batches;
        for (int b = 0; b < batches; b++) {
            List<Event> batch = new ArrayList<>(pending.subList(b * per, (b + 1) * per));
            List<Event> earlier = new ArrayList<>(knownBy.keySet());
            for (int r = 0; r < 4 && !earlier.isEmpty(); r++) {
                batch.add(earlier.get(random.nextInt(earlier.size())));
            }
            Thread.sleep(40);
            Instant before = Instant.now();
            ingest(view, batch);
            Instant after = Instant.now();
            sent.add(new Instant[]{before, after});
            batch.forEach(e -> knownBy.putIfAbsent(e, after));
        }
        Thread.sleep(40);
        Instant end = Instant.now();
        // Entity rows in every gap between batches (and after the last), for every key.
        List<String[]> rows = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            Instant from = sent.get(b)[1];
            Instant to = b == batches - 1 ? end : sent.get(b + 1)[0];
            Instant ts = from.plus(Duration.between(from, to).dividedBy(2)).truncatedTo(ChronoUnit.MICROS);
            KEYS.forEach(k -> rows.add(new String[]{k, ts.toString()}));
        }
        List<String> refs = aggs.stream().map(a -> view + ":" + a.name()).toList();
        for (String asOf : List.of("known", "event")) {
            JsonNode results = historical(refs, rows, asOf);
            for (int i = 0; i < rows.size(); i++) {
                Instant ts = Instant.parse(rows.get(i)[1]);
                List<Event> visible = knownBy.entrySet().stream()
                        .filter(e -> asOf.equals("event") || e.getValue().isBefore(ts)).map(Map.Entry::getKey).toList();
                for (Agg a : aggs) {
                    checkAgainstOracle(results.get(i).get("features").get(view + ":" + a.name()), a,
                            oracle(visible, rows.get(i)[0], a, ts), "seed " + seed + " asOf " + asOf + " " + rows.get(i)[0]
                                    + " " + a.name() + " at " + ts);
                }
            }
        }
    }

    @Test
    void shouldCountAnIdenticalEventOnceHoweverOftenItIsIngestedOnlineAndHistorically() throws Exception {
        Agg opens = new Agg("opens_7d", "count", "opened", "7d", 7 * 86400, 3600);
        Agg amount = new Agg("amount_sum_24h", "sum", "amount", "24h", 86400, 3600);
        String view = createView(List.of(opens, amount), null);
        Instant now = Instant.now();
        List<Event> events = List.of(
                new Event("i1", now.minus(Duration.ofDays(2)), Map.of("opened", true)),
                new Event("i1", now.minus(Duration.ofHours(3)), Map.of("opened", true, "amount", 2.5)),
                new Event("i1", now.minusSeconds(20), Map.of("opened", true, "amount", 1.25)));
        ingest(view, events);
        double duplicatesBefore = metric("rtml_feature_aggregation_duplicate_events_total{feature_view=\"" + view + "\"");
        // A second load of the same file (a second ./rtml demo), and the same events again on Kafka.
        given().contentType(ContentType.JSON).body(JSON.writeValueAsString(Map.of("rows", events.stream()
                        .map(e -> Map.of("entityKey", e.key(), "eventTime", e.time().toString(), "values", e.values())).toList())))
                .when().post("/api/v1/feature-views/" + view + "/rows").then().statusCode(200)
                .body("upserted", equalTo(3)).body("duplicateEvents", equalTo(5));
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaProducer<String, String> producer = TopicWriter.stringProducer(bootstrap)) {
            for (Event e : events) {
                producer.send(new ProducerRecord<>("rtml.feature-updates", e.key(), JSON.writeValueAsString(Map.of(
                        "featureView", view, "entityKey", e.key(), "values", e.values(), "eventTime", e.time().toString())))).get();
            }
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (metric("rtml_feature_aggregation_duplicate_events_total{feature_view=\"" + view + "\"") - duplicatesBefore < 10) {
            assertThat(Instant.now()).as("the Kafka replay was never consumed").isBefore(deadline);
            Thread.sleep(200);
        }
        // Another open at the same event time as one before but a different value is another event.
        ingest(view, List.of(new Event("i1", now.minus(Duration.ofHours(3)), Map.of("amount", 4.0))));

        List<Event> distinct = new ArrayList<>(events);
        distinct.add(new Event("i1", now.minus(Duration.ofHours(3)), Map.of("amount", 4.0)));
        Instant at = Instant.now();
        List<String> refs = List.of(view + ":opens_7d", view + ":amount_sum_24h");
        JsonNode online = online(refs, List.of("i1")).get(0).get("features");
        JsonNode historical = historical(refs, List.<String[]>of(new String[]{"i1", at.toString()})).get(0).get("features");
        for (Agg a : List.of(opens, amount)) {
            checkAgainstOracle(online.get(view + ":" + a.name()), a, oracle(distinct, "i1", a, at), a.name() + " online");
            checkAgainstOracle(historical.get(view + ":" + a.name()), a, oracle(distinct, "i1", a, at), a.name() + " historical");
        }
        assertThat(online.get(view + ":opens_7d").get("value").asLong()).isEqualTo(3);
        assertThat(online.get(view + ":amount_sum_24h").get("value").asDouble()).isEqualTo(7.75);
    }

    @Test
    void shouldCountABackfillOfOldEventsEverywhereButInTrainingRowsFromBeforeItArrived() {
        Agg opens30d = new Agg("opens_30d", "count", "opened", "30d", 30 * 86400, 86400);
        String view = createView(List.of(opens30d), null);
        String ref = view + ":opens_30d";
        Instant recent = Instant.now().minus(Duration.ofDays(2));
        Instant old = Instant.now().minus(Duration.ofDays(20));
        Fixtures.ingest(view, row("l1", recent, "{\"opened\": true}"));
        Instant beforeBackfill = Instant.now();
        // A backfill 20 days after the fact: stored, and counted by every read that knew of it.
        Fixtures.ingest(view, row("l1", old, "{\"opened\": true}") + "," + row("l1", old.plusSeconds(5), "{\"opened\": true}"));

        assertThat(online(List.of(ref), List.of("l1")).get(0).get("features").get(ref).get("value").asLong()).isEqualTo(3);
        List<String[]> rows = List.of(new String[]{"l1", Instant.now().toString()}, new String[]{"l1", beforeBackfill.toString()},
                new String[]{"l1", old.plusSeconds(60).toString()});
        JsonNode known = historical(List.of(ref), rows, "known");
        assertThat(known.get(0).get("features").get(ref).get("value").asLong()).isEqualTo(3);
        // Before the backfill arrived only the recent open was known; at the old events' time nothing was.
        assertThat(known.get(1).get("features").get(ref).get("value").asLong()).isEqualTo(1);
        assertThat(known.get(2).get("features").get(ref).get("value").asLong()).isZero();
        JsonNode event = historical(List.of(ref), rows, "event");
        assertThat(event.get(1).get("features").get(ref).get("value").asLong()).isEqualTo(3);
        assertThat(event.get(2).get("features").get(ref).get("value").asLong()).isEqualTo(2);
    }

    @Inject
    TileRebuild rebuild;

    @Test
    void shouldRebuildTilesThatCountedEventsTwiceFromTheEventLog() throws Throwable {
        Agg opens = new Agg("opens_7d", "count", "opened", "7d", 7 * 86400, 3600);
        Agg devices = new Agg("devices_7d", "distinct_count", "device", "7d", 7 * 86400, 3600);
        String view = createView(List.of(opens, devices), null);
        Instant now = Instant.now();
        List<Event> events = List.of(new Event("b1", now.minus(Duration.ofDays(3)), Map.of("opened", true, "device", "tv")),
                new Event("b1", now.minus(Duration.ofHours(5)), Map.of("opened", true, "device", "mobile")),
                new Event("b1", now.minus(Duration.ofHours(5)).plusSeconds(1), Map.of("opened", true, "device", "tv")));
        ingest(view, events);
        // Tiles as a release before the event log could leave them after a second load: every count doubled.
        pool.preparedQuery("UPDATE feature_tile t SET cnt = cnt * 2 FROM feature_view v WHERE v.id = t.view_id AND v.name = $1")
                .execute(Tuple.of(view)).await().indefinitely();
        pool.preparedQuery("INSERT INTO feature_tile_rebuild (view_id) SELECT id FROM feature_view WHERE name = $1")
                .execute(Tuple.of(view)).await().indefinitely();

        int rebuilt = VertxContextSupport.subscribeAndAwait(() -> rebuild.rebuildPending());

        assertThat(rebuilt).isGreaterThanOrEqualTo(1);
        Instant at = Instant.now();
        JsonNode served = online(List.of(view + ":opens_7d", view + ":devices_7d"), List.of("b1")).get(0).get("features");
        checkAgainstOracle(served.get(view + ":opens_7d"), opens, oracle(events, "b1", opens, at), "opens after rebuild");
        checkAgainstOracle(served.get(view + ":devices_7d"), devices, oracle(events, "b1", devices, at), "devices after rebuild");
        assertThat(count("SELECT count(*) FROM feature_tile_rebuild r JOIN feature_view v ON v.id = r.view_id WHERE v.name = $1", view))
                .isZero();
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
        assertThat(count("SELECT count(*) FROM feature_event e JOIN feature_view v ON v.id = e.view_id WHERE v.name = $1", view)).isZero();
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
    void shouldRemoveTilesAndEventsOlderThanTheRetention() {
        Agg opens24h = new Agg("opens_24h", "count", "opened", "24h", 86400, 3600);
        String view = createView(List.of(opens24h), 2L * 86400);
        Instant old = Instant.now().minus(Duration.ofDays(3));
        Fixtures.ingest(view, row("r1", old, "{\"opened\": true}") + "," + row("r1", Instant.now().minusSeconds(60), "{\"opened\": true}"));
        String tiles = "SELECT count(*) FROM feature_tile t JOIN feature_view v ON v.id = t.view_id WHERE v.name = $1";
        assertThat(count(tiles, view)).isEqualTo(2);

        RetentionService.Purged purged = retention.purge().await().indefinitely();

        assertThat(purged.tiles()).isGreaterThanOrEqualTo(1);
        assertThat(purged.eventRows()).isGreaterThanOrEqualTo(1);
        assertThat(count(tiles, view)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM feature_event e JOIN feature_view v ON v.id = e.view_id WHERE v.name = $1", view))
                .isEqualTo(1);
        assertThat(metric("rtml_feature_events_removed_rows_total{feature_view=\"" + view + "\"")).isEqualTo(1.0);
        assertThat(metric("rtml_feature_events_removed_bytes_total{feature_view=\"" + view + "\"")).isPositive();
        String ref = view + ":opens_24h";
        assertThat(online(List.of(ref), List.of("r1")).get(0).get("features").get(ref).get("value").asLong()).isEqualTo(1);
        assertThat(metric("rtml_feature_aggregation_tiles_removed_total{feature_view=\"" + view + "\"")).isEqualTo(1.0);
    }

    @Test
    void shouldReadWithoutParallelWorkersWhoseStartUpCostsMoreThanTheRead() {
        // The pool's sessions carry max_parallel_workers_per_gather = 0 (application.properties, see there why).
        String setting = pool.query("SHOW max_parallel_workers_per_gather").execute().await().indefinitely()
                .iterator().next().getString(0);
        assertThat(setting).isEqualTo("0");
    }

    // --- the oracle: every function recomputed from the raw events ---

    /** What the store should answer at {@code at}: value (null when none), newest event time included. */
    private record Expected(Object value, Instant newest) {
    }

    private static Expected oracle(List<Event> events, String key, Agg a, Instant at) {
        Instant end = at.truncatedTo(ChronoUnit.MICROS);
        Instant start = end.minusSeconds(a.windowSeconds());
        Predicate<Event> inWindow = e -> e.key().equals(key) && e.values().get(a.source()) != null
                && e.time().isAfter(start) && !e.time().isAfter(end);
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

    /** True when an event lies where reads at two instants between {@code from} and {@code to} could differ. */
    private static boolean edgeBetween(List<Event> events, Instant from, Instant to) {
        return events.stream().anyMatch(e -> !e.time().isBefore(from) && !e.time().isAfter(to)
                || AGGS.stream().anyMatch(a -> {
                    Instant edge = e.time().plusSeconds(a.windowSeconds());
                    return !edge.isBefore(from) && !edge.isAfter(to);
                }));
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
        return historical(refs, rows, "known");
    }

    private static JsonNode historical(List<String> refs, List<String[]> rows, String asOf) {
        try {
            List<Map<String, String>> entityRows = rows.stream().map(r -> Map.of("entityKey", r[0], "timestamp", r[1])).toList();
            String body = JSON.writeValueAsString(Map.of("features", refs, "entityRows", entityRows, "asOf", asOf));
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
