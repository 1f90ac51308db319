package io.rtml.monitor.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.rtml.contracts.Topics;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.event.Route;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicWriter;
import io.rtml.monitor.support.Polling;
import io.rtml.monitor.support.RegistryStub;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

/**
 * Business value end to end in the monitor: predictions with their route on {@code rtml.predictions}, outcomes
 * over REST through {@code rtml.outcomes}, joined in PostgreSQL, and the KPI of model vs holdout.
 */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_monitor_test"))
@WithTestResource(RegistryStub.class)
class BusinessValueTest {

    static KafkaProducer<String, String> producer;

    @Inject
    ObjectMapper mapper;

    @BeforeAll
    static void producer() {
        producer = TopicWriter.stringProducer(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private void predictions(String model, Route route, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            PredictionEvent e = new PredictionEvent(prefix + i, null, model, 1, route, Map.of(), "morning", Map.of(), 1.0,
                    Instant.now());
            producer.send(new ProducerRecord<>(Topics.PREDICTIONS, model, mapper.writeValueAsString(e)));
        }
        producer.flush();
    }

    /** Outcomes for {@code prefix0..prefix(n-1)}: the first {@code opened} of them opened. */
    private static void outcomes(String model, String prefix, int n, int opened) {
        StringBuilder body = new StringBuilder("{\"outcomes\": [");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"requestId\": \"").append(prefix).append(i).append("\", \"model\": \"")
                    .append(model).append("\", \"opened\": ").append(i < opened).append(", \"clicked\": false}");
        }
        given().contentType(ContentType.JSON).body(body.append("]}").toString())
                .when().post("/api/v1/outcomes").then().statusCode(202);
    }

    @Test
    void shouldMeasureTheModelsOpenRateUpliftOverItsHoldoutWithAnIntervalAboveZero() throws Exception {
        String model = "kpi-" + UUID.randomUUID().toString().substring(0, 8);
        predictions(model, Route.CHAMPION, "m-", 300);
        predictions(model, Route.HOLDOUT, "h-", 200);
        predictions(model, Route.SHADOW, "m-", 300);
        outcomes(model, "m-", 300, 180);
        outcomes(model, "h-", 200, 60);
        // A second outcome for a request counts once; one for a request nobody predicted is never joined.
        outcomes(model, "m-", 10, 0);
        outcomes(model, "ghost-", 4, 4);

        JsonPath value = Polling.awaitJson("/api/v1/models/" + model + "/business-value",
                j -> j.getLong("model.n") == 300 && j.getLong("holdout.n") == 200);
        assertThat(value.getString("kpi.name")).isEqualTo("open-within-window");
        assertThat(value.getString("kpi.aggregation")).isEqualTo("rate");
        assertThat(value.getDouble("model.value")).isCloseTo(0.6, within(1e-9));
        assertThat(value.getDouble("holdout.value")).isCloseTo(0.3, within(1e-9));
        assertThat(value.getDouble("uplift")).isCloseTo(0.3, within(1e-9));
        assertThat(value.getDouble("ci95.low")).isGreaterThan(0.2).isLessThan(0.3);
        assertThat(value.getDouble("ci95.high")).isGreaterThan(0.3).isLessThan(0.4);
        assertThat(value.getString("method")).contains("Newcombe");
        // One bucket of 1 h, or two when the test runs across the hour.
        assertThat(value.getList("series")).hasSizeBetween(1, 2);
        assertThat(value.getList("series.start")).allSatisfy(start -> assertThat(start).isNotNull());
        assertThat(value.getString("note")).contains("beats its holdout");

        Polling.awaitMetrics(m -> Math.abs(metric(m, "rtml_kpi_uplift{model=\"" + model + "\"}") - 0.3) < 1e-9
                && Math.abs(metric(m, "rtml_kpi_value{model=\"" + model + "\",route=\"holdout\"}") - 0.3) < 1e-9
                && metric(m, "rtml_monitor_outcomes_unjoined_total") >= 4);
    }

    @Test
    void shouldSayInWordsThatThereIsNoHoldoutTrafficAnd404WithoutAKpi() throws Exception {
        String model = "kpi-" + UUID.randomUUID().toString().substring(0, 8);
        predictions(model, Route.CHAMPION, "only-", 20);
        outcomes(model, "only-", 20, 5);
        JsonPath value = Polling.awaitJson("/api/v1/models/" + model + "/business-value", j -> j.getLong("model.n") == 20);
        assertThat(value.getLong("holdout.n")).isZero();
        assertThat(value.getString("uplift")).isNull();
        assertThat(value.getString("ci95")).isNull();
        assertThat(value.getString("note")).contains("No holdout traffic");

        given().when().get("/api/v1/models/plain-model/business-value").then().statusCode(404)
                .body("error", containsString("declares no KPI"));
        given().when().get("/api/v1/models/" + model + "/business-value?window=soon").then().statusCode(400)
                .body("error", containsString("window must be a duration"));
        given().contentType(ContentType.JSON).body("{\"outcomes\": [{\"model\": \"" + model + "\"}]}")
                .when().post("/api/v1/outcomes").then().statusCode(400);
    }

    @Test
    void shouldComputeAMeanKpiWithWelchsInterval() throws Exception {
        String model = "rev-" + UUID.randomUUID().toString().substring(0, 8);
        predictions(model, Route.CHALLENGER, "r-", 4);
        predictions(model, Route.HOLDOUT, "q-", 3);
        StringBuilder body = new StringBuilder("{\"outcomes\": [");
        double[] revenue = {10, 12, 14, 16};
        for (int i = 0; i < 4; i++) {
            body.append(i == 0 ? "" : ",").append("{\"requestId\": \"r-").append(i).append("\", \"model\": \"").append(model)
                    .append("\", \"revenue\": ").append(revenue[i]).append('}');
        }
        for (int i = 0; i < 3; i++) {
            body.append(",{\"requestId\": \"q-").append(i).append("\", \"model\": \"").append(model)
                    .append("\", \"revenue\": ").append(4 + 2 * i).append('}');
        }
        given().contentType(ContentType.JSON).body(body.append("]}").toString())
                .when().post("/api/v1/outcomes").then().statusCode(202);
        JsonPath value = Polling.awaitJson("/api/v1/models/" + model + "/business-value",
                j -> j.getLong("model.n") == 4 && j.getLong("holdout.n") == 3);
        assertThat(value.getDouble("model.value")).isCloseTo(13, within(1e-9));
        assertThat(value.getDouble("holdout.value")).isCloseTo(6, within(1e-9));
        assertThat(value.getString("method")).contains("Welch");
        // Oracle: Commons Math's Welch test rejects the shifted samples at exactly 5 % at each end.
        var welch = new org.apache.commons.math3.stat.inference.TTest();
        double[] holdout = {4, 6, 8};
        for (double end : new double[] {value.getDouble("ci95.low"), value.getDouble("ci95.high")}) {
            double[] shifted = java.util.Arrays.stream(revenue).map(v -> v - end).toArray();
            assertThat(welch.tTest(shifted, holdout)).isCloseTo(0.05, within(1e-4));
        }
    }

    /** The sum of the samples whose line starts with {@code series} (a name, or a name with its labels); NaN: none. */
    private static double metric(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ") || (!series.contains("{") && l.startsWith(series + "{")))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).reduce(Double::sum).orElse(Double.NaN);
    }
}
