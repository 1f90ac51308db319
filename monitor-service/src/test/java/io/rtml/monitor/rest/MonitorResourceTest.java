package io.rtml.monitor.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.rtml.contracts.event.GroundTruthEvent;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.profile.NumericProfile;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicReader;
import io.rtml.devstack.TopicWriter;
import io.rtml.monitor.support.Polling;
import io.rtml.monitor.support.Predictions;
import io.rtml.monitor.support.RegistryStub;
import io.rtml.monitor.support.Traffic;
import jakarta.inject.Inject;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_monitor_test"))
@WithTestResource(RegistryStub.class)
class MonitorResourceTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    static KafkaProducer<String, String> producer;

    @Inject
    ObjectMapper mapper;

    @BeforeAll
    static void producer() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        producer = TopicWriter.stringProducer(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    static String newModel(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Sends one prediction per row; request ids are {@code prefix-i}; the output is the row's {@code __prediction__}. */
    List<PredictionEvent> predict(String model, int version, List<Map<String, Object>> rows, String requestPrefix) throws Exception {
        return Predictions.send(producer, mapper, model, version, rows, requestPrefix);
    }

    void label(GroundTruthEvent g) throws Exception {
        producer.send(new ProducerRecord<>("rtml.ground-truth", g.model(), mapper.writeValueAsString(g))).get();
    }

    static JsonPath awaitJson(String path, Predicate<JsonPath> done) throws InterruptedException {
        return Polling.awaitJson(path, done);
    }

    @Test
    void shouldFindNoDriftInTrafficLikeTheTrainingData() throws Exception {
        String model = newModel("sto");
        predict(model, 1, Traffic.rows(42, 3000, 0), model);

        JsonPath drift = awaitJson("/api/v1/models/" + model + "/drift", j -> j.getLong("rows") == 3000);
        assertThat(drift.getInt("version")).isEqualTo(1);
        assertThat(drift.getList("driftedFeatures")).isEmpty();
        assertThat(drift.getList("features.feature")).containsExactly("opens_30d", "tz_offset", "device");
        assertThat(drift.getList("features.test")).containsExactly("ks", "ks", "chi2");
        assertThat(drift.getList("features.psi", Float.class)).allSatisfy(psi -> assertThat(psi).isLessThan(0.05f));
        assertThat(drift.getBoolean("prediction.drifted")).isFalse();
        assertThat(drift.getFloat("prediction.psi")).isLessThan(0.05f);
        assertThat(drift.getMap("prediction.classShare", String.class, Float.class)).containsOnlyKeys(Traffic.WINDOWS);
    }

    @Test
    void shouldFlagExactlyTheShiftedFeature() throws Exception {
        String model = newModel("sto");
        List<Map<String, Object>> rows = Traffic.rows(43, 3000, 3.0);
        predict(model, 1, rows, model);

        JsonPath drift = awaitJson("/api/v1/models/" + model + "/drift?version=1", j -> j.getLong("rows") == 3000);
        assertThat(drift.getList("driftedFeatures")).containsExactly("tz_offset");
        assertThat(drift.getFloat("features.find { it.feature == 'tz_offset' }.psi")).isGreaterThan(0.2f);
        assertThat(drift.getFloat("features.find { it.feature == 'tz_offset' }.statistic")).isGreaterThan(0.3f);
        assertThat(drift.getDouble("features.find { it.feature == 'tz_offset' }.pValue")).isLessThan(1e-6);

        JsonPath quality = awaitJson("/api/v1/models/" + model + "/quality", j -> j.getLong("rows") == 3000);
        NumericProfile trainingTz = (NumericProfile) Traffic.baseline().feature("tz_offset");
        long outside = rows.stream().mapToDouble(r -> (Double) r.get("tz_offset"))
                .filter(v -> v < trainingTz.min() || v > trainingTz.max()).count();
        assertThat(outside).isPositive();
        assertThat(quality.getDouble("features.find { it.feature == 'tz_offset' }.outOfRangeShare"))
                .isCloseTo(outside / 3000.0, within(1e-6));
        assertThat(quality.getFloat("features.find { it.feature == 'opens_30d' }.completeness")).isEqualTo(1.0f);
    }

    @Test
    void shouldWriteWindowsToPostgres() throws Exception {
        String model = newModel("sto");
        predict(model, 1, Traffic.rows(44, 500, 0), model);
        Config config = ConfigProvider.getConfig();
        Instant deadline = Instant.now().plusSeconds(60);
        long stored = 0;
        while (stored < 500 && Instant.now().isBefore(deadline)) {
            try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                    config.getValue("quarkus.datasource.username", String.class),
                    config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                 var s = c.prepareStatement("select coalesce(sum(predictions), 0), count(profile) from window_bucket where model = ?")) {
                s.setString(1, model);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    stored = r.getLong(1);
                    assertThat(r.getLong(2)).isPositive().as("buckets with a profile");
                }
            } catch (AssertionError notYet) {
                stored = 0;
            }
            Thread.sleep(250);
        }
        assertThat(stored).isEqualTo(500);
    }

    @Test
    void shouldJoinLabelsThatArriveAfterOrBeforeTheirPrediction() throws Exception {
        String model = newModel("sto");
        // 10 labels come before their predictions (5 right, 5 wrong), over REST.
        List<Map<String, Object>> rows = Traffic.rows(45, 100, 0);
        StringBuilder early = new StringBuilder("{\"labels\": [");
        for (int i = 0; i < 10; i++) {
            String predicted = (String) rows.get(i).get("__prediction__");
            String label = i < 5 ? predicted : predicted + "-other";
            early.append(i == 0 ? "" : ",").append("{\"requestId\": \"").append(model).append("-").append(i)
                    .append("\", \"model\": \"").append(model).append("\", \"label\": \"").append(label).append("\"}");
        }
        given().contentType(ContentType.JSON).body(early.append("]}").toString())
                .when().post("/api/v1/ground-truth")
                .then().statusCode(202).body("accepted", equalTo(10));
        try (TopicReader reader = new TopicReader(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                "rtml.ground-truth")) {
            reader.await(r -> model.equals(r.key()), 10, Duration.ofSeconds(30));
        }
        Thread.sleep(1000);

        List<PredictionEvent> sent = predict(model, 1, rows, model);
        // 40 labels come after their predictions (30 right, 10 wrong), over Kafka.
        for (int i = 10; i < 50; i++) {
            PredictionEvent p = sent.get(i);
            label(new GroundTruthEvent(p.requestId(), model, i < 40 ? p.output() : p.output() + "-other", Instant.now()));
        }

        JsonPath perf = awaitJson("/api/v1/models/" + model + "/performance", j -> j.getLong("labelled") == 50);
        assertThat(perf.getLong("correct")).isEqualTo(35);
        assertThat(perf.getFloat("accuracy")).isEqualTo(0.7f);
        assertThat(perf.getLong("predictions")).isEqualTo(100);
        // The stub's baseline has no reliability table: no estimate, and the report says why in words.
        assertThat(perf.getString("calibration.status")).isEqualTo("unavailable");
        assertThat(perf.getString("calibration.note")).contains("no reliability table");
        assertThat((Object) perf.get("estimatedAccuracy")).isNull();
        assertThat((Object) perf.get("accuracyGap")).isNull();

        awaitMetrics(m -> m.contains("rtml_live_accuracy{model=\"" + model + "\",version=\"1\"} 0.7"));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("rtml_labels_joined_total{model=\"" + model + "\",version=\"1\"} 50.0");
        assertThat(metrics).contains("rtml_predictions_observed_total{model=\"" + model + "\",version=\"1\"} 100.0");
        assertThat(metrics).contains("rtml_feature_drift_psi{feature=\"tz_offset\",model=\"" + model + "\",version=\"1\"}");
        assertThat(metrics).contains("rtml_feature_drift_pvalue{feature=\"device\",model=\"" + model + "\",version=\"1\"}");
        assertThat(metrics).contains("rtml_prediction_drift_psi{model=\"" + model + "\",version=\"1\"}");
        assertThat(metrics).contains("rtml_prediction_class_share{class=\"w0\",model=\"" + model + "\",version=\"1\"}");
    }

    @Test
    void shouldEstimateAccuracyBeforeLabelsAndReportItNextToTheRealisedAccuracyOnceLabelsArrive() throws Exception {
        String model = newModel("cbpe");
        RandomGenerator rng = new MersenneTwister(31);
        BetaDistribution confidence = new BetaDistribution(rng, Traffic.CONFIDENCE_ALPHA, Traffic.CONFIDENCE_BETA);
        List<Map<String, Object>> rows = Traffic.rows(46, 800, 0);
        Instant now = Instant.now();
        double confidenceSum = 0;
        double variance = 0;
        List<GroundTruthEvent> labels = new java.util.ArrayList<>();
        long right = 0;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> inputs = new java.util.HashMap<>(rows.get(i));
            String output = (String) inputs.remove("__prediction__");
            double c = confidence.sample();
            confidenceSum += c;
            variance += c * (1 - c);
            PredictionEvent e = new PredictionEvent(model + "-" + i, "tenant-a", model, 1, io.rtml.contracts.event.Route.CHAMPION,
                    inputs, output, Map.of(output, c), 2.0, now);
            producer.send(new ProducerRecord<>("rtml.predictions", model, mapper.writeValueAsString(e)));
            boolean isRight = rng.nextDouble() < c;
            right += isRight ? 1 : 0;
            labels.add(new GroundTruthEvent(e.requestId(), model, isRight ? output : output + "-other", now));
        }
        producer.flush();

        // Before any label: the estimate alone, from the calibrated confidences (JSON numbers read as floats: 1e-6).
        JsonPath before = awaitJson("/api/v1/models/" + model + "/performance", j -> j.getLong("predictions") == 800);
        assertThat(before.getString("calibration.status")).isEqualTo("calibrated");
        assertThat(before.getLong("calibration.referenceRows")).isEqualTo(5_000);
        assertThat(before.getLong("scored")).isEqualTo(800);
        assertThat(before.getDouble("estimatedAccuracy")).isCloseTo(confidenceSum / 800, within(1e-6));
        assertThat((Object) before.get("accuracy")).isNull();

        for (GroundTruthEvent g : labels) {
            producer.send(new ProducerRecord<>("rtml.ground-truth", model, mapper.writeValueAsString(g)));
        }
        producer.flush();
        JsonPath after = awaitJson("/api/v1/models/" + model + "/performance", j -> j.getLong("labelled") == 800);
        double realised = right / 800.0;
        double sd = Math.sqrt(variance) / 800;
        double z = new org.apache.commons.math3.distribution.NormalDistribution().inverseCumulativeProbability(0.9995);
        assertThat(after.getDouble("accuracy")).isCloseTo(realised, within(1e-6));
        assertThat(after.getDouble("accuracyGap")).isCloseTo(after.getDouble("estimatedAccuracy") - realised, within(1e-6));
        assertThat(Math.abs(after.getDouble("accuracyGap"))).as("gap within 99.9 %% of its spread %s", sd)
                .isLessThanOrEqualTo(z * sd);
        awaitMetrics(m -> m.contains("rtml_estimated_accuracy{model=\"" + model + "\",version=\"1\"}")
                && m.contains("rtml_estimated_accuracy_gap{model=\"" + model + "\",version=\"1\"}"));
    }

    @Test
    void shouldReportTypeMismatchesTextLengthConstantAndDuplicatedInputs() throws Exception {
        String model = newModel("sto");
        List<Map<String, Object>> rows = Traffic.rows(47, 400, 0);
        long mismatches = 0;
        long subjectChars = 0;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            row.put("device", "mobile");
            row.put("subject", "subject line " + i);
            subjectChars += ("subject line " + i).length();
            if (i % 20 == 0) {
                row.put("tz_offset", "n/a");
                mismatches++;
            }
        }
        // The last 40 rows repeat earlier ones exactly (a client retrying).
        for (int i = 0; i < 40; i++) {
            Map<String, Object> copy = new java.util.HashMap<>(rows.get(300 + i));
            rows.add(copy);
            subjectChars += ((String) copy.get("subject")).length();
            mismatches += "n/a".equals(copy.get("tz_offset")) ? 1 : 0;
        }
        predict(model, 1, rows, model);

        JsonPath q = awaitJson("/api/v1/models/" + model + "/quality", j -> j.getLong("rows") == 440);
        assertThat(q.getLong("duplicateRows")).isEqualTo(40);
        assertThat(q.getDouble("duplicateShare")).isCloseTo(40 / 440.0, within(1e-6));
        assertThat(q.getLong("features.find { it.feature == 'tz_offset' }.typeMismatches")).isEqualTo(mismatches);
        assertThat(q.getLong("features.find { it.feature == 'tz_offset' }.missing")).isZero();
        assertThat(q.getBoolean("features.find { it.feature == 'device' }.constant")).isTrue();
        assertThat(q.getString("features.find { it.feature == 'device' }.constantValue")).isEqualTo("mobile");
        assertThat(q.getBoolean("features.find { it.feature == 'opens_30d' }.constant")).isFalse();
        assertThat(q.getString("features.find { it.feature == 'subject' }.type")).isEqualTo("text");
        assertThat(q.getLong("features.find { it.feature == 'subject' }.textLength.values")).isEqualTo(440);
        assertThat(q.getDouble("features.find { it.feature == 'subject' }.textLength.mean"))
                .isCloseTo(subjectChars / 440.0, within(1e-6));
    }

    static void awaitMetrics(Predicate<String> done) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            if (done.test(last)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Metrics never matched; rtml lines: "
                + last.lines().filter(l -> l.startsWith("rtml_")).toList());
    }

    @Test
    void shouldKeepPredictionsUntilTheRegistryAnswersAndFoldThemThen() throws Exception {
        String model = newModel("flaky");
        predict(model, 1, Traffic.rows(46, 200, 0), model);

        JsonPath drift = awaitJson("/api/v1/models/" + model + "/drift", j -> j.getLong("rows") == 200);
        assertThat(drift.getList("driftedFeatures")).isEmpty();
        given().when().get("/api/v1/models").then().statusCode(200)
                .body("find { it.model == '" + model + "' }.baseline", equalTo("ready"))
                .body("find { it.model == '" + model + "' }.predictions", equalTo(200));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("registry-baselines"));
    }

    @Test
    void shouldExplainThatAVersionWithoutBaselineHasNoDriftButStillHasPerformance() throws Exception {
        String model = newModel("sto");
        predict(model, 2, Traffic.rows(47, 20, 0), model);
        awaitJson("/api/v1/models", j -> "none".equals(j.getString("find { it.model == '" + model + "' }.baseline")));

        given().when().get("/api/v1/models/" + model + "/drift?version=2").then().statusCode(409)
                .body("error", containsString("has no baseline profile"));
        awaitJson("/api/v1/models/" + model + "/performance?version=2", j -> j.getLong("predictions") == 20);
    }

    @Test
    void shouldReportOnTheChampionNotTheNewestVersionWhenNoVersionIsGiven() throws Exception {
        String model = newModel("sto");
        // Version 2 is the newest the monitor sees, but the registry (stub) names version 1 champion.
        predict(model, 1, Traffic.rows(49, 300, 0), model + "-v1");
        predict(model, 2, Traffic.rows(50, 20, 0), model + "-v2");
        awaitJson("/api/v1/models", j -> j.getList("findAll { it.model == '" + model + "' }").size() == 2);

        JsonPath perf = awaitJson("/api/v1/models/" + model + "/performance", j -> j.getLong("predictions") == 300);
        assertThat(perf.getInt("version")).isEqualTo(1);
        given().when().get("/api/v1/models").then().statusCode(200)
                .body("find { it.model == '" + model + "' && it.version == 1 }.serving", equalTo("champion"))
                .body("find { it.model == '" + model + "' && it.version == 2 }.serving", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void shouldReportEachSideOfTheRouteOverTheSameWindowByRouteName() throws Exception {
        String model = newModel("canary");
        // The stub's route makes version 2 the canary challenger of champion version 1.
        predict(model, 1, Traffic.rows(53, 300, 0), model + "-v1");
        predict(model, 2, Traffic.rows(54, 200, 0), model + "-v2");
        JsonPath challenger = awaitJson("/api/v1/models/" + model + "/performance?route=challenger",
                j -> j.getLong("predictions") == 200);
        assertThat(challenger.getInt("version")).isEqualTo(2);
        JsonPath champion = awaitJson("/api/v1/models/" + model + "/drift?route=champion", j -> j.getLong("rows") == 300);
        assertThat(champion.getInt("version")).isEqualTo(1);
        // Quality folds the same predictions on its own; it may show them a moment after drift does.
        JsonPath quality = awaitJson("/api/v1/models/" + model + "/quality?route=champion", j -> j.getLong("rows") == 300);
        assertThat(quality.getInt("version")).isEqualTo(1);
        // The stub's version 2 has no baseline: the challenger side says so, naming the version it resolved to.
        given().when().get("/api/v1/models/" + model + "/drift?route=challenger").then().statusCode(409)
                .body("error", containsString("Version 2 of model '" + model + "' has no baseline profile"));

        given().when().get("/api/v1/models/" + model + "/drift?route=shadow").then().statusCode(400)
                .body("error", containsString("'route' must be one of champion, challenger; got 'shadow'"));
        given().when().get("/api/v1/models/" + model + "/drift?route=champion&version=1").then().statusCode(400)
                .body("error", containsString("not both"));
    }

    @Test
    void shouldAnswer404ForTheChallengerWhileTheRouteIsOff() throws Exception {
        String model = newModel("off");
        predict(model, 1, Traffic.rows(55, 10, 0), model);
        awaitJson("/api/v1/models/" + model + "/performance?route=champion", j -> j.getLong("predictions") == 10);
        given().when().get("/api/v1/models/" + model + "/performance?route=challenger").then().statusCode(404)
                .body("error", containsString("has no challenger: its route is off"));
    }

    @Test
    void shouldRejectUnknownCatalogueFiltersNamingTheAllowedValues() {
        given().when().get("/api/v1/catalogue?mode=hourly&sort=volume").then().statusCode(400)
                .body("error", containsString("'mode' must be one of batch, streaming; got 'hourly'"))
                .body("error", containsString("'sort' must be one of name, perMinute, perHour, perDay, age; got 'volume'"));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheRegistryCannotListTheCatalogue() {
        given().when().get("/api/v1/catalogue").then().statusCode(503)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("error", containsString("The registry could not be asked for the catalogue"));
    }

    @Test
    void shouldAnswer404WithoutAVersionWhenTheModelHasNoChampion() throws Exception {
        String model = newModel("nochamp");
        predict(model, 1, Traffic.rows(51, 10, 0), model);
        awaitJson("/api/v1/models/" + model + "/performance?version=1", j -> j.getLong("predictions") == 10);

        given().when().get("/api/v1/models/" + model + "/drift").then().statusCode(404)
                .body("error", containsString("has no champion in the registry"));
    }

    @Test
    void shouldRejectAndCountPredictionsDatedInTheFuture() throws Exception {
        String model = newModel("sto");
        PredictionEvent future = new PredictionEvent(model + "-future", "tenant-a", model, 1,
                io.rtml.contracts.event.Route.CHAMPION, Map.of("tz_offset", 1.0), "w1", Map.of("w1", 0.7), 2.0,
                Instant.now().plus(Duration.ofHours(2)));
        producer.send(new ProducerRecord<>("rtml.predictions", model, mapper.writeValueAsString(future))).get();
        predict(model, 1, Traffic.rows(52, 5, 0), model);

        awaitJson("/api/v1/models/" + model + "/performance", j -> j.getLong("predictions") == 5);
        awaitMetrics(m -> m.lines().anyMatch(l -> l.startsWith("rtml_monitor_rejected_predictions_total{reason=\"future-time\"}")
                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 1));
        // Over a range reaching past the future prediction's time, still only the 5 (the one waits for nothing).
        JsonPath later = awaitJson("/api/v1/models/" + model + "/performance?from="
                + Instant.now().minus(Duration.ofMinutes(5)) + "&to=" + Instant.now().plus(Duration.ofHours(3)),
                j -> j.getLong("predictions") > 0);
        assertThat(later.getLong("predictions")).isEqualTo(5);
    }

    static String jsonLines(ObjectMapper mapper, List<Map<String, Object>> rows) throws Exception {
        StringBuilder body = new StringBuilder();
        for (Map<String, Object> row : rows) {
            body.append(mapper.writeValueAsString(row)).append('\n');
        }
        return body.toString();
    }

    static String csv(List<Map<String, Object>> rows) {
        List<String> columns = List.of("opens_30d", "tz_offset", "device", "__prediction__");
        StringBuilder body = new StringBuilder(String.join(",", columns)).append('\n');
        for (Map<String, Object> row : rows) {
            body.append(String.join(",", columns.stream().map(c -> String.valueOf(row.get(c))).toList())).append('\n');
        }
        return body.toString();
    }

    @Test
    void shouldReportABatchOfJsonLinesExactlyAsTheLiveWindowOfTheSameRows() throws Exception {
        String model = newModel("sto");
        List<Map<String, Object>> rows = Traffic.rows(80, 1000, 0.5);
        predict(model, 1, rows, model);
        JsonPath live = awaitJson("/api/v1/models/" + model + "/drift?version=1", j -> j.getLong("rows") == 1000);

        JsonPath batch = given().contentType("application/x-ndjson").body(jsonLines(mapper, rows).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/models/" + model + "/drift-report?version=1")
                .then().statusCode(200).extract().jsonPath();
        assertThat(batch.getLong("rows")).isEqualTo(1000);
        assertThat(batch.getDouble("alpha")).isEqualTo(live.getDouble("alpha"));
        assertThat(batch.getList("driftedFeatures")).isEqualTo(live.getList("driftedFeatures")).contains("tz_offset");
        for (String field : List.of("feature", "psi", "jsDistance", "statistic", "pValue", "pValueMethod", "alpha", "drifted")) {
            assertThat(batch.getList("features." + field)).as(field).isEqualTo(live.getList("features." + field));
        }
        assertThat(batch.getDouble("prediction.psi")).isEqualTo(live.getDouble("prediction.psi"));
        assertThat(batch.getDouble("prediction.pValue")).isEqualTo(live.getDouble("prediction.pValue"));
    }

    @Test
    void shouldReportACsvBatchAndTheProfileOfTheSameRowsAlikeAgainstTheChampion() throws Exception {
        // Never seen by the monitor: a batch-mode model; no version given, so the champion (version 1).
        String model = newModel("batch");
        List<Map<String, Object>> rows = Traffic.rows(81, 2000, 3.0);
        JsonPath fromCsv = given().contentType("text/csv").body(csv(rows).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/models/" + model + "/drift-report")
                .then().statusCode(200).extract().jsonPath();
        assertThat(fromCsv.getInt("version")).isEqualTo(1);
        assertThat(fromCsv.getLong("rows")).isEqualTo(2000);
        assertThat(fromCsv.getList("driftedFeatures")).containsExactly("tz_offset");

        io.rtml.contracts.profile.DatasetProfile profile = Traffic.baseline().emptyCopy();
        rows.forEach(profile::add);
        JsonPath fromProfile = given().contentType(ContentType.JSON).body(mapper.writeValueAsString(profile))
                .when().post("/api/v1/models/" + model + "/drift-report?version=1&falseAlarmsPer30Days=1")
                .then().statusCode(200).extract().jsonPath();
        assertThat(fromProfile.getList("features.pValue")).isEqualTo(fromCsv.getList("features.pValue"));
        assertThat(fromProfile.getList("driftedFeatures")).containsExactly("tz_offset");
    }

    @Test
    void shouldRefuseABatchWhoseRowsDoNotMatchTheBaselineNamingEachRow() throws Exception {
        String model = newModel("batch");
        String body = "{\"tz_offset\": 0.5, \"device\": \"mobile\"}\n{not json\n{\"tz_offset\": \"abc\"}\n{\"colour\": \"red\"}\n";
        given().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/models/" + model + "/drift-report?version=1").then().statusCode(400)
                .body("error", containsString("3 row(s) of the batch do not match"))
                .body("details[0]", containsString("line 2: not JSON"))
                .body("details[1]", containsString("line 3: 'tz_offset' is numeric, got 'abc'"))
                .body("details[2]", containsString("line 4: 'colour' is not a feature"));
        given().contentType("text/csv").body("tz_offset,colour\n1.0,red\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/models/" + model + "/drift-report?version=1").then().statusCode(400)
                .body("details[0]", containsString("column 'colour' is not a feature"));
        given().contentType("text/csv").body("tz_offset\n1.0\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/models/" + model + "/drift-report?version=1&falseAlarmsPer30Days=0").then()
                .statusCode(400).body("error", containsString("'falseAlarmsPer30Days' must be a finite number ≥ 1.0E-9"));
        // So small that the per-window significance would underflow to 0 (the fuzz found it as a 500).
        given().contentType("text/csv").body("tz_offset\n1.0\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/models/" + model + "/drift-report?version=1&falseAlarmsPer30Days=1e-320").then()
                .statusCode(400).body("error", containsString("'falseAlarmsPer30Days' must be a finite number ≥ 1.0E-9"));
        given().contentType("text/csv").body("tz_offset\n1.0\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/models/" + model + "/drift-report?version=2").then().statusCode(409)
                .body("error", containsString("has no baseline profile"));
        given().contentType("text/plain").body("x".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/models/" + model + "/drift-report?version=1").then().statusCode(415);
    }

    @Test
    void shouldPublishAConceptDriftAlertWhenTheErrorRateOfJoinedLabelsRises() throws Exception {
        String model = newModel("sto");
        List<PredictionEvent> sent = predict(model, 1, Traffic.rows(90, 2500, 0), model);
        try (TopicReader alerts = new TopicReader(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                "rtml.alerts")) {
            // 1,500 labels at a 10 % error rate, then 1,000 at 40 %: a rise every detector is built to catch.
            java.util.Random random = new java.util.Random(91);
            for (int i = 0; i < 2500; i++) {
                if (i == 1500) {
                    awaitJson("/api/v1/models/" + model + "/concept-drift", j -> j.getLong("labelled") == 1500);
                    given().when().get("/api/v1/models/" + model + "/concept-drift").then().statusCode(200)
                            .body("detections.size()", equalTo(0));
                }
                PredictionEvent p = sent.get(i);
                boolean wrong = random.nextDouble() < (i < 1500 ? 0.1 : 0.4);
                producer.send(new ProducerRecord<>("rtml.ground-truth", model, mapper.writeValueAsString(
                        new GroundTruthEvent(p.requestId(), model, wrong ? p.output() + "-other" : p.output(), Instant.now()))));
            }
            producer.flush();

            JsonPath report = awaitJson("/api/v1/models/" + model + "/concept-drift",
                    j -> j.getLong("labelled") == 2500 && !j.getList("detections").isEmpty());
            assertThat(report.getList("detections.detector", String.class)).isSubsetOf("page_hinkley", "adwin", "hddm_a");
            assertThat(report.getList("detections.labelsSeen", Long.class)).allSatisfy(n -> assertThat(n).isGreaterThan(1500));
            var record = alerts.await(r -> model.equals(r.key()) && r.value().contains("concept-drift:"), 1,
                    Duration.ofSeconds(30)).get(0);
            assertThat(JsonPath.from(record.value()).getInt("version")).isEqualTo(1);
            awaitMetrics(m -> m.contains("rtml_concept_drift_detections_total{detector=\""));
        }
    }

    @Test
    void shouldCountAndSkipRecordsThatAreNotPredictions() throws Exception {
        String model = newModel("sto");
        producer.send(new ProducerRecord<>("rtml.predictions", model, "{not json")).get();
        producer.send(new ProducerRecord<>("rtml.predictions", model, "{\"requestId\": \"x\", \"version\": 1}")).get();
        predict(model, 1, Traffic.rows(48, 5, 0), model);

        awaitJson("/api/v1/models/" + model + "/performance", j -> j.getLong("predictions") == 5);
        awaitMetrics(m -> m.lines().anyMatch(l -> l.startsWith("rtml_monitor_bad_messages_total{topic=\"rtml.predictions\"}")
                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 2));
    }

    @Test
    void shouldRejectBadParametersAndAnswer404ForUnseenModels() {
        given().when().get("/api/v1/models/never-seen/drift").then().statusCode(404)
                .body("error", containsString("no predictions of model 'never-seen'"));
        given().when().get("/api/v1/models/never-seen/drift?version=abc").then().statusCode(400)
                .body("error", containsString("'version' must be a positive whole number"));
        given().when().get("/api/v1/models/never-seen/performance?from=yesterday").then().statusCode(400)
                .body("error", containsString("'from' must be an ISO-8601 instant"));
        given().when().get("/api/v1/models/never-seen/quality?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")
                .then().statusCode(400).body("error", containsString("must be before"));
        given().contentType(ContentType.JSON).body("{\"labels\": [{\"requestId\": \"r1\", \"label\": \"w1\"}]}")
                .when().post("/api/v1/ground-truth").then().statusCode(400).body("error", containsString("model"));
        given().contentType(ContentType.JSON).body("{\"labels\": []}")
                .when().post("/api/v1/ground-truth").then().statusCode(400).body("error", containsString("labels"));
    }

    @Test
    void shouldServeHealthOpenApiAndMetrics() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/models/{model}/drift"));
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
