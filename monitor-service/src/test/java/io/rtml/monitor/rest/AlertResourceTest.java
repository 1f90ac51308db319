package io.rtml.monitor.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevAuth;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.PlatformTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicReader;
import io.rtml.devstack.TopicWriter;
import io.rtml.monitor.support.Polling;
import io.rtml.monitor.support.Predictions;
import io.rtml.monitor.support.Traffic;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Alert rules against a real registry (started from its packaged jar), PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_monitor_alert_test"))
@WithTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "services", value = "REGISTRY"),
        @ResourceArg(name = "databaseSuffix", value = "_monitor_alert_test")})
class AlertResourceTest {

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
        producer = TopicWriter.stringProducer(bootstrap());
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static String registry() {
        return ConfigProvider.getConfig().getValue("rtml.registry.url", String.class);
    }

    static String newModel(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates the model in the registry and registers {@code versions} versions with the training baseline. */
    void registerModel(String model, int versions) throws Exception {
        given().baseUri(registry()).contentType(ContentType.JSON)
                .body(Map.of("name", model, "ingestionMode", "streaming"))
                .when().post("/api/v1/models").then().statusCode(201);
        String metadata = mapper.writeValueAsString(Map.of(
                "format", "tribuo",
                "signature", Map.of("inputs", List.of(
                        Map.of("name", "opens_30d", "datatype", "FP64"),
                        Map.of("name", "tz_offset", "datatype", "FP64"),
                        Map.of("name", "device", "datatype", "BYTES")),
                        "outputs", List.of(Map.of("name", "label", "datatype", "BYTES"))),
                "metrics", Map.of("accuracy", 0.8),
                "baselineProfile", Traffic.baseline()));
        for (int v = 1; v <= versions; v++) {
            int version = given().baseUri(registry())
                    .multiPart("artifact", "model.bin", ("bytes-" + v).getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                    .multiPart("metadata", metadata, "application/json")
                    .when().post("/api/v1/models/" + model + "/versions")
                    .then().statusCode(201).extract().path("version");
            given().baseUri(registry()).contentType(ContentType.JSON)
                    .body(Map.of("version", version, "actor", "alice"))
                    .when().put("/api/v1/models/" + model + "/aliases/champion").then().statusCode(200);
        }
    }

    void predict(String model, int version, List<Map<String, Object>> rows) throws Exception {
        Predictions.send(producer, mapper, model, version, rows, model);
    }

    static Map<String, Object> rule(String name, String model) {
        Map<String, Object> rule = new HashMap<>(Map.of("name", name, "model", model, "metric", "feature_psi",
                "feature", "tz_offset", "operator", "gt", "threshold", 0.2, "window", "PT5M",
                "severity", "critical", "action", "rollback", "cooldown", "PT15M"));
        return rule;
    }

    static void create(Map<String, Object> rule) {
        given().contentType(ContentType.JSON).body(rule).when().post("/api/v1/alert-rules")
                .then().statusCode(201).header("Location", containsString("/api/v1/alert-rules/" + rule.get("name")));
    }

    static JsonPath await(String path, Predicate<JsonPath> done) throws InterruptedException {
        return Polling.awaitJson(path, done);
    }

    @Test
    void shouldRollBackTheChampionWhenTheNewVersionDriftsAndFireOnlyOnceInCooldown() throws Exception {
        String model = newModel("sto");
        registerModel(model, 2);
        given().baseUri(registry()).when().get("/api/v1/models/" + model).then().body("aliases.champion", equalTo(2));
        try (TopicReader alertsTopic = new TopicReader(bootstrap(), "rtml.alerts")) {
            predict(model, 2, Traffic.rows(50, 3000, 3.0));
            create(rule("drift-" + model, model));

            ConsumerRecord<String, String> record = alertsTopic.await(r -> model.equals(r.key()), 1, Duration.ofSeconds(60)).get(0);
            JsonPath event = JsonPath.from(record.value());
            assertThat(event.getString("rule")).isEqualTo("drift-" + model);
            assertThat(event.getInt("version")).isEqualTo(2);
            assertThat(event.getString("severity")).isEqualTo("critical");
            assertThat(event.getDouble("value")).isGreaterThan(0.2);
            assertThat(event.getDouble("threshold")).isEqualTo(0.2);
            assertThat(event.getString("window")).isEqualTo("PT5M");
            assertThat(event.getString("action")).isEqualTo("rollback");
            assertThat(event.getString("time")).isNotBlank();

            JsonPath alerts = await("/api/v1/alerts?model=" + model, j -> "succeeded".equals(j.getString("[0].actionStatus")));
            assertThat(alerts.getString("[0].actionResult")).startsWith("200").contains("\"version\":1");
            assertThat(alerts.getBoolean("[0].published")).isTrue();
            given().baseUri(registry()).when().get("/api/v1/models/" + model).then().body("aliases.champion", equalTo(1));
            given().baseUri(registry()).when().get("/api/v1/models/" + model + "/audit")
                    .then().body("actor", hasItem(DevAuth.SERVICE_SUBJECT));

            // The rule follows what serves: after the rollback it watches version 1, the champion again,
            // which has no traffic here; version 2 drifts on but no longer serves, so nothing fires again.
            Instant fired = Instant.parse(alerts.getString("[0].firedAt"));
            JsonPath after = await("/api/v1/alert-rules/drift-" + model, j -> j.getInt("evaluation.version") == 1
                    && Instant.parse(j.getString("evaluation.evaluatedAt")).isAfter(fired.plusSeconds(3)));
            assertThat(after.getString("evaluation.state")).isEqualTo("no-data");
            assertThat(after.getString("evaluation.reason")).contains("no prediction of version 1 (the champion)");
            given().when().get("/api/v1/alerts?model=" + model).then().statusCode(200).body("size()", equalTo(1));
            given().baseUri(registry()).when().get("/api/v1/models/" + model).then().body("aliases.champion", equalTo(1));
            given().when().get("/q/metrics").then()
                    .body(containsString("rtml_alerts_fired_total{model=\"" + model + "\",severity=\"critical\"} 1.0"))
                    .body(containsString("rtml_alerts_firing{model=\"" + model + "\",severity=\"critical\"} 0.0"));
        }
    }

    @Test
    void shouldWatchTheChampionRatherThanTheNewestVersionAndTheChallengerOfAnActiveRoute() throws Exception {
        String model = newModel("sto");
        registerModel(model, 2);
        // Back to version 1 as champion: version 2 is the newest, but it does not serve.
        given().baseUri(registry()).contentType(ContentType.JSON).body(Map.of("reason", "test"))
                .when().post("/api/v1/models/" + model + "/rollback").then().statusCode(200);
        predict(model, 1, Traffic.rows(60, 3000, 0));
        Predictions.send(producer, mapper, model, 2, Traffic.rows(61, 3000, 3.0), model + "-v2");
        await("/api/v1/models/" + model + "/drift?version=2", j -> j.getLong("rows") == 3000);
        await("/api/v1/models/" + model + "/drift?version=1", j -> j.getLong("rows") == 3000);
        Map<String, Object> body = new HashMap<>(rule("serving-" + model, model));
        body.put("action", "rollback");
        create(body);

        Instant created = Instant.now();
        JsonPath quiet = await("/api/v1/alert-rules/serving-" + model, j -> j.getString("evaluation.evaluatedAt") != null
                && Instant.parse(j.getString("evaluation.evaluatedAt")).isAfter(created.plusSeconds(2)));
        assertThat(quiet.getInt("evaluation.version")).isEqualTo(1);
        assertThat(quiet.getString("evaluation.state")).isEqualTo("ok");
        assertThat(quiet.getString("challengerEvaluation")).isNull();
        given().when().get("/api/v1/alerts?model=" + model).then().statusCode(200).body("size()", equalTo(0));
        given().when().get("/api/v1/models/" + model + "/drift").then().statusCode(200).body("version", equalTo(1));

        // A shadow route makes version 2 the challenger: the rule watches it too and fires for it, and its
        // rollback action is not run (it would move the champion, which is not what drifts).
        given().baseUri(registry()).contentType(ContentType.JSON).body(Map.of("challenger", "2", "mode", "shadow"))
                .when().put("/api/v1/models/" + model + "/route").then().statusCode(200);
        JsonPath alerts = await("/api/v1/alerts?model=" + model, j -> j.getList("$").size() == 1
                && "skipped".equals(j.getString("[0].actionStatus")));
        assertThat(alerts.getInt("[0].version")).isEqualTo(2);
        assertThat(alerts.getString("[0].actionResult")).contains("challenger version 2");
        JsonPath rule = given().when().get("/api/v1/alert-rules/serving-" + model).then().statusCode(200)
                .extract().jsonPath();
        assertThat(rule.getString("challengerEvaluation.state")).isEqualTo("firing");
        assertThat(rule.getInt("challengerEvaluation.version")).isEqualTo(2);
        assertThat(rule.getInt("evaluation.version")).isEqualTo(1);
        given().baseUri(registry()).when().get("/api/v1/models/" + model).then().body("aliases.champion", equalTo(1));
    }

    @Test
    void shouldAbortTheCanaryWhenItsChallengerDriftsAndLeaveTheChampion() throws Exception {
        String model = newModel("canary");
        registerModel(model, 2);
        given().baseUri(registry()).contentType(ContentType.JSON).body(Map.of("reason", "test"))
                .when().post("/api/v1/models/" + model + "/rollback").then().statusCode(200);
        predict(model, 1, Traffic.rows(70, 3000, 0));
        Predictions.send(producer, mapper, model, 2, Traffic.rows(71, 3000, 3.0), model + "-v2");
        await("/api/v1/models/" + model + "/drift?version=2", j -> j.getLong("rows") == 3000);
        given().baseUri(registry()).contentType(ContentType.JSON)
                .body(Map.of("challenger", "2", "mode", "canary", "percent", 10, "stickyBy", "entity"))
                .when().put("/api/v1/models/" + model + "/route").then().statusCode(200);
        Map<String, Object> body = new HashMap<>(rule("abort-" + model, model));
        body.put("action", "abort-canary");
        create(body);

        JsonPath alerts = await("/api/v1/alerts?model=" + model, j -> j.getList("$").size() == 1
                && "succeeded".equals(j.getString("[0].actionStatus")));
        assertThat(alerts.getInt("[0].version")).isEqualTo(2);
        assertThat(alerts.getString("[0].action")).isEqualTo("abort-canary");
        given().baseUri(registry()).when().get("/api/v1/models/" + model + "/route").then().statusCode(200)
                .body("mode", equalTo("off"));
        given().baseUri(registry()).when().get("/api/v1/models/" + model).then().body("aliases.champion", equalTo(1));
        given().baseUri(registry()).when().get("/api/v1/models/" + model + "/audit")
                .then().body("actor", hasItem(DevAuth.SERVICE_SUBJECT));
    }

    @Test
    void shouldRefuseAlertRuleChangesToRolesWithoutThemAndKeepTheRule() throws Exception {
        String model = newModel("sto");
        registerModel(model, 1);
        create(rule("kept-" + model, model));

        given().auth().oauth2(Tokens.of(Roles.DATA_SCIENTIST)).when().delete("/api/v1/alert-rules/kept-" + model)
                .then().statusCode(403).body("error", containsString("admin, operator"));
        given().auth().oauth2(Tokens.tenant("acme")).contentType(ContentType.JSON).body(rule("other-" + model, model))
                .when().post("/api/v1/alert-rules").then().statusCode(403);
        given().auth().none().when().get("/api/v1/alert-rules/kept-" + model).then().statusCode(401);

        given().auth().oauth2(Tokens.of(Roles.DATA_SCIENTIST)).when().get("/api/v1/alert-rules/kept-" + model)
                .then().statusCode(200);
        given().when().get("/api/v1/alert-rules/other-" + model).then().statusCode(404);
    }

    @Test
    void shouldRecordTheRegistryRefusalWhenThereIsNoEarlierChampion() throws Exception {
        String model = newModel("sto");
        registerModel(model, 1);
        predict(model, 1, Traffic.rows(51, 2000, 3.0));
        create(rule("lonely-" + model, model));

        JsonPath alerts = await("/api/v1/alerts?model=" + model, j -> "failed".equals(j.getString("[0].actionStatus")));
        assertThat(alerts.getString("[0].actionResult")).startsWith("409").contains("no earlier champion");
        given().baseUri(registry()).when().get("/api/v1/models/" + model).then().body("aliases.champion", equalTo(1));
    }

    @Test
    void shouldStaySilentOnTrafficLikeTheTrainingData() throws Exception {
        String model = newModel("sto");
        registerModel(model, 1);
        predict(model, 1, Traffic.rows(52, 3000, 0));
        await("/api/v1/models/" + model + "/drift", j -> j.getLong("rows") == 3000);
        create(rule("quiet-" + model, model));
        Map<String, Object> accuracy = rule("accuracy-" + model, model);
        accuracy.remove("feature");
        accuracy.putAll(Map.of("metric", "live_accuracy", "operator", "lt", "threshold", 0.9));
        create(accuracy);

        Instant complete = Instant.now();
        JsonPath quiet = await("/api/v1/alert-rules/quiet-" + model, j -> j.getString("evaluation.evaluatedAt") != null
                && Instant.parse(j.getString("evaluation.evaluatedAt")).isAfter(complete.plusSeconds(2)));
        assertThat(quiet.getString("evaluation.state")).isEqualTo("ok");
        assertThat(quiet.getDouble("evaluation.value")).isLessThan(0.05);
        // No labels: live accuracy has no data, so that rule does not fire either.
        given().when().get("/api/v1/alert-rules/accuracy-" + model).then()
                .body("evaluation.state", equalTo("no-data"))
                .body("evaluation.reason", containsString("no labelled predictions"));
        given().when().get("/api/v1/alerts?model=" + model).then().statusCode(200).body("size()", equalTo(0));
        given().baseUri(registry()).when().get("/api/v1/models/" + model).then().body("aliases.champion", equalTo(1));
    }

    @Test
    void shouldNotFireOnAHandfulOfPredictionsWhosePsiIsNoise() throws Exception {
        String model = newModel("sto");
        registerModel(model, 1);
        predict(model, 1, Traffic.rows(53, 50, 3.0));
        await("/api/v1/models/" + model + "/drift", j -> j.getLong("rows") == 50);
        create(rule("few-" + model, model));

        // A report taken while a flush commits can miss that flush for a moment (see README), so wait for one that saw all 50.
        JsonPath few = await("/api/v1/alert-rules/few-" + model, j -> j.getString("evaluation.reason") != null
                && j.getString("evaluation.reason").startsWith("50 predictions"));
        assertThat(few.getString("evaluation.state")).isEqualTo("no-data");
        assertThat(few.getString("evaluation.reason")).contains("fewer than the 200");
        assertThat(few.getInt("evaluation.version")).isEqualTo(1);
        given().when().get("/api/v1/alerts?model=" + model).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void shouldFireADriftRuleFromTheTestsPValuesAtItsFalseAlarmBudget() throws Exception {
        String model = newModel("sto");
        registerModel(model, 1);
        predict(model, 1, Traffic.rows(51, 3000, 3.0));
        Map<String, Object> body = Map.of("name", "budget-" + model, "model", model, "metric", "feature_drift",
                "falseAlarmsPer30Days", 0.5, "minEffectSize", 0.1);
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/alert-rules")
                .then().statusCode(201)
                .body("operator", equalTo("gt")).body("threshold", equalTo(0.0f))
                .body("falseAlarmsPer30Days", equalTo(0.5f)).body("minEffectSize", equalTo(0.1f));

        // Only tz_offset is shifted: one drifted feature.
        JsonPath rule = await("/api/v1/alert-rules/budget-" + model, j -> "firing".equals(j.getString("evaluation.state")));
        assertThat(rule.getDouble("evaluation.value")).isEqualTo(1.0);
        JsonPath alerts = await("/api/v1/alerts?model=" + model, j -> j.getList("$").size() == 1);
        assertThat(alerts.getString("[0].metric")).isEqualTo("feature_drift");
        assertThat(alerts.getString("[0].actionStatus")).isEqualTo("none");
    }

    @Test
    void shouldListGetAndDeleteRules() {
        String name = newModel("rule");
        Map<String, Object> minimal = Map.of("name", name, "model", "sto", "metric", "prediction_volume",
                "operator", "lt", "threshold", 10);
        given().contentType(ContentType.JSON).body(minimal).when().post("/api/v1/alert-rules")
                .then().statusCode(201)
                .body("window", equalTo("PT5M")).body("cooldown", equalTo("PT15M"))
                .body("severity", equalTo("warning")).body("action", equalTo("none"))
                .body("falseAlarmsPer30Days", equalTo(null)).body("minEffectSize", equalTo(null));
        given().when().get("/api/v1/alert-rules").then().statusCode(200).body("name", hasItem(name));
        given().when().get("/api/v1/alert-rules/" + name).then().statusCode(200).body("metric", equalTo("prediction_volume"));
        given().contentType(ContentType.JSON).body(minimal).when().post("/api/v1/alert-rules")
                .then().statusCode(409).body("error", containsString("exists already"));
        given().when().delete("/api/v1/alert-rules/" + name).then().statusCode(204);
        given().when().get("/api/v1/alert-rules/" + name).then().statusCode(404).body("error", containsString(name));
        given().when().delete("/api/v1/alert-rules/" + name).then().statusCode(404);
        given().when().get("/api/v1/alert-rules").then().statusCode(200).body("name", not(hasItem(name)));
    }

    @Test
    void shouldRejectInvalidRulesSayingWhatIsWrongAndStoreNothing() {
        String name = newModel("bad");
        Map<String, Map<String, Object>> cases = Map.ofEntries(
                Map.entry("'metric' must be one of", Map.of("metric", "latency")),
                Map.entry("'feature' is required for metric 'feature_psi'", Map.of("feature", "")),
                Map.entry("'feature' applies only to feature_psi, feature_drift and completeness", Map.of("metric", "prediction_psi")),
                Map.entry("'falseAlarmsPer30Days' must be a finite number ≥ 1.0E-9", Map.of("metric", "feature_drift", "falseAlarmsPer30Days", 0)),
                Map.entry("'falseAlarmsPer30Days' applies only to feature_drift", Map.of("falseAlarmsPer30Days", 2)),
                Map.entry("'minEffectSize' must be a finite number ≥ 0", Map.of("metric", "feature_drift", "minEffectSize", -0.1)),
                Map.entry("'window' must be an ISO-8601 duration", Map.of("window", "5 minutes")),
                Map.entry("'cooldown' must not be negative", Map.of("cooldown", "-PT1M")),
                Map.entry("'threshold' must be a finite number ≥ 0", Map.of("threshold", -0.1)),
                Map.entry("'threshold' for 'completeness' is a share", Map.of("metric", "completeness", "threshold", 1.5)),
                Map.entry("'operator' must be one of gt|lt", Map.of("operator", "ge")),
                Map.entry("'severity' must be one of critical|warning", Map.of("severity", "page")),
                Map.entry("'action' must be one of abort-canary|none|rollback", Map.of("action", "delete-model")));
        cases.forEach((message, change) -> {
            Map<String, Object> body = rule(name, "sto");
            body.putAll(change);
            given().contentType(ContentType.JSON).body(body).when().post("/api/v1/alert-rules")
                    .then().statusCode(400).body("error", containsString(message));
        });
        given().contentType(ContentType.JSON).body(Map.of("name", "Bad Name", "metric", "feature_psi"))
                .when().post("/api/v1/alert-rules")
                .then().statusCode(400)
                .body("details", hasItem(containsString("'name' must be 1-128")))
                .body("details", hasItem("'model' is required"))
                .body("details", hasItem("'feature' is required for metric 'feature_psi'"))
                .body("details", hasItem(containsString("'operator' is required")))
                .body("details", hasItem("'threshold' is required"));
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"threshold\": \"high\"}")
                .when().post("/api/v1/alert-rules").then().statusCode(400);
        given().when().get("/api/v1/alerts?limit=0").then().statusCode(400).body("error", containsString("'limit'"));
        given().when().get("/api/v1/alert-rules/" + name).then().statusCode(404);
    }
}
