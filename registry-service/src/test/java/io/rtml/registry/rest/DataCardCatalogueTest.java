package io.rtml.registry.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** Data cards: checked field by field, stored as facts, searched by; and the resiliency score as data ages. */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class DataCardCatalogueTest {

    @Inject
    DataSource dataSource;

    @BeforeEach
    void signIn() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    /** A unique tag per test run, so catalogue searches see only this test's models. */
    private static final String RUN_TAG = "card-" + UUID.randomUUID().toString().substring(0, 8);

    private static String metadata(String card) {
        return """
                {"format": "tribuo",
                 "signature": {"inputs": [{"name": "opens_30d", "datatype": "FP64"}, {"name": "subject", "datatype": "BYTES"}],
                               "outputs": [{"name": "label", "datatype": "BYTES"}]},
                 "metrics": {"accuracy": 0.8},
                 "baselineProfile": %s,
                 "featureRelevance": {"opens_30d": 0.4, "subject": 0.1},
                 "dataCard": %s}""".formatted(ModelRegistryResourceTest.PROFILE, card);
    }

    private static String card(String sources, double completeness, double augmented, Instant newest, double text,
                               double observed) {
        return """
                {"sources": %s, "featureCount": 2, "rows": 1000, "completeness": %s,
                 "augmentedShare": %s, "augmentation": "SMOTE oversampling",
                 "modality": {"numeric": %s, "categorical": 0, "text": %s, "image": 0, "audio": 0, "video": 0, "timeSeries": 0},
                 "labelling": {"human": %s, "semiSupervised": 0, "thirdParty": 0, "observed": %s},
                 "dataAge": {"oldestRecord": "%s", "newestRecord": "%s", "medianAgeDays": 5}}"""
                .formatted(sources, completeness, augmented, 1 - text, text, 1 - observed, observed,
                        newest.minus(Duration.ofDays(30)), newest);
    }

    private static final String FIRST_PARTY = "[{\"name\": \"esp-events\", \"party\": \"first\"}]";
    private static final String MOSTLY_THIRD = "[{\"name\": \"esp-events\", \"party\": \"first\", \"share\": 0.4},"
            + " {\"name\": \"data-broker\", \"party\": \"third\", \"datasetVersion\": \"2026-10\", \"share\": 0.6}]";

    private static String newModel(String suffix) {
        String name = "card-" + suffix + "-" + UUID.randomUUID().toString().substring(0, 6);
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"ingestionMode\": \"batch\", \"tags\": [\"" + RUN_TAG + "\"]}")
                .when().post("/api/v1/models").then().statusCode(201);
        return name;
    }

    private static int register(String model, String metadata) {
        return given().multiPart("artifact", "model.bin", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8),
                        "application/octet-stream")
                .multiPart("metadata", metadata, "application/json")
                .when().post("/api/v1/models/" + model + "/versions")
                .then().statusCode(201).extract().path("version");
    }

    private static void champion(String model, int version) {
        given().contentType(ContentType.JSON).body("{\"version\": " + version + "}")
                .when().put("/api/v1/models/" + model + "/aliases/champion").then().statusCode(200);
    }

    @Test
    void shouldRefuseAnImpossibleDataCardListingEveryProblemByPathAndStoreNothing() {
        String model = newModel("bad");
        String bad = """
                {"sources": "nonsense", "completeness": 7, "imputedShare": -3,
                 "modality": {"numeric": 0.5, "categorical": 0.2},
                 "labelling": {"human": 0.5, "observed": 1.5},
                 "dataAge": {"oldestRecord": "2026-11-20T00:00:00Z", "newestRecord": "2026-11-01T00:00:00Z"},
                 "colour": "blue"}""";

        given().multiPart("artifact", "model.bin", "x".getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                .multiPart("metadata", metadata(bad), "application/json")
                .when().post("/api/v1/models/" + model + "/versions")
                .then().statusCode(400)
                .body("details", hasItems("dataCard.sources: must be a list",
                        "dataCard.colour: is not a field here (fields: sources, modality, featureCount, rows, completeness,"
                                + " imputedShare, augmentedShare, augmentation, outlierShare, transformedShare, extractedShare,"
                                + " structuredShare, labelling, dataAge)"));

        // The shape is right, the values are not: every rule broken is listed at once.
        String wrongValues = bad.replace("\"nonsense\"", "[{\"name\": \"esp\", \"party\": \"fourth\"}]")
                .replace(",\n \"colour\": \"blue\"", "");
        given().multiPart("artifact", "model.bin", "x".getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                .multiPart("metadata", metadata(wrongValues), "application/json")
                .when().post("/api/v1/models/" + model + "/versions")
                .then().statusCode(400)
                .body("details", hasItems("dataCard.sources[0].party: must be one of first, third, was \"fourth\""));
        String ranges = wrongValues.replace("\"fourth\"", "\"third\"");
        given().multiPart("artifact", "model.bin", "x".getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                .multiPart("metadata", metadata(ranges), "application/json")
                .when().post("/api/v1/models/" + model + "/versions")
                .then().statusCode(400)
                .body("details", hasItems(
                        "dataCard.completeness: must be a share in [0, 1], was 7.0",
                        "dataCard.imputedShare: must be a share in [0, 1], was -3.0",
                        "dataCard.modality: numeric, categorical, text, image, audio and video shares add up to 0.7000, not 1 (tolerance 0.001)",
                        "dataCard.labelling.observed: must be a share in [0, 1], was 1.5",
                        "dataCard.labelling: shares add up to 2.0000, more than 1",
                        "dataCard.dataAge: oldestRecord 2026-11-20T00:00Z is after newestRecord 2026-11-01T00:00Z"
                                .replace("T00:00Z", "T00:00:00Z")))
                .body("details", hasSize(6));

        given().when().get("/api/v1/models/" + model + "/versions").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void shouldFindModelsAndVersionsByDataCardFactsAndAlias() {
        Instant now = Instant.now();
        String thirdParty = newModel("third");
        register(thirdParty, metadata(card(MOSTLY_THIRD, 0.95, 0.0, now.minus(Duration.ofDays(2)), 0.5, 0.0)));
        String oldChampion = newModel("old");
        int v1 = register(oldChampion, metadata(card(FIRST_PARTY, 0.70, 0.3, now.minus(Duration.ofDays(120)), 0.0, 1.0)));
        champion(oldChampion, v1);
        String fresh = newModel("fresh");
        register(fresh, metadata(card(FIRST_PARTY, 0.99, 0.0, now.minus(Duration.ofDays(1)), 0.0, 1.0)));

        String tag = "tag=" + RUN_TAG + "&";
        given().when().get("/api/v1/models?" + tag + "minThirdPartyShare=0.5")
                .then().statusCode(200).body("name", equalTo(List.of(thirdParty)));
        given().when().get("/api/v1/models?" + tag + "alias=champion&minDataAgeDays=90")
                .then().statusCode(200).body("name", equalTo(List.of(oldChampion)));
        given().when().get("/api/v1/models?" + tag + "minDataAgeDays=90&alias=challenger")
                .then().statusCode(200).body("", hasSize(0));
        given().when().get("/api/v1/models?" + tag + "maxCompleteness=0.9")
                .then().statusCode(200).body("name", equalTo(List.of(oldChampion)));
        given().when().get("/api/v1/models?" + tag + "minAugmentedShare=0.2")
                .then().statusCode(200).body("name", equalTo(List.of(oldChampion)));
        given().when().get("/api/v1/models?" + tag + "modality=text")
                .then().statusCode(200).body("name", equalTo(List.of(thirdParty)));
        given().when().get("/api/v1/models?" + tag + "labelling=observed&maxDataAgeDays=30")
                .then().statusCode(200).body("name", equalTo(List.of(fresh)));
        given().when().get("/api/v1/models?" + tag + "ingestionMode=batch")
                .then().statusCode(200).body("", hasSize(3));

        given().when().get("/api/v1/versions?labelling=observed&minCompleteness=0.95")
                .then().statusCode(200).body("model", hasItem(fresh)).body("model", not(hasItem(oldChampion)))
                .body("find { it.model == '" + fresh + "' }.dataCard.labelling.observed", equalTo(1.0f));
        given().when().get("/api/v1/versions?model=" + oldChampion + "&alias=champion")
                .then().statusCode(200).body("version", equalTo(List.of(v1)))
                .body("[0].featureRelevance.opens_30d", equalTo(0.4f));
    }

    @Test
    void shouldRefuseUnknownFilterValuesNamingTheParameterAndWhatItTakes() {
        given().when().get("/api/v1/models?ingestionMode=bogus").then().statusCode(400)
                .body("error", containsString("'ingestionMode' must be one of batch, streaming"));
        given().when().get("/api/v1/models?modality=smell&labelling=guessed&resiliency=meh&minCompleteness=lots&maxThirdPartyShare=2")
                .then().statusCode(400)
                .body("details", hasItems(
                        "modality: must be one of numeric, categorical, text, image, audio, video, timeSeries; was 'smell'",
                        "labelling: must be one of human, semiSupervised, thirdParty, observed; was 'guessed'",
                        "resiliency: must be one of ok, stale, unknown; was 'meh'",
                        "minCompleteness: must be a number, was 'lots'",
                        "maxThirdPartyShare: must be a share in [0, 1], was 2"));
        given().when().get("/api/v1/versions?alias=Not+An+Alias").then().statusCode(400)
                .body("error", containsString("alias: must be 1-32 lower-case letters"));
    }

    @Test
    void shouldLowerTheResiliencyScoreAsTheTrainingDataAgesAndFindItStale() throws Exception {
        String model = newModel("ages");
        int v = register(model, metadata(card(FIRST_PARTY, 0.99, 0.0, Instant.now(), 0.0, 1.0)));
        champion(model, v);

        float young = given().when().get("/api/v1/models/" + model + "/versions/" + v)
                .then().statusCode(200).body("resiliency.status", equalTo("ok")).extract().path("resiliency.score");
        given().when().get("/api/v1/versions?model=" + model + "&resiliency=stale").then().statusCode(200).body("", hasSize(0));

        // 180 days pass for the training data: move its newest record back instead of waiting.
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE version_data_card SET newest_record = ? WHERE version_id ="
                     + " (SELECT v.id FROM model_version v JOIN model m ON m.id = v.model_id WHERE m.name = ? AND v.version = ?)")) {
            update.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(180))));
            update.setString(2, model);
            update.setInt(3, v);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        float aged = given().when().get("/api/v1/models/" + model + "/versions/" + v)
                .then().statusCode(200).body("resiliency.status", equalTo("stale"))
                .body("resiliency.dataAgeFrom", equalTo("dataCard")).extract().path("resiliency.score");
        // No feature read online: the score is the geometric mean of the age factor and the strongest relevance (0.4).
        assertThat((double) young).isCloseTo(Math.sqrt(1.0 * 0.4), within(1e-3));
        assertThat((double) aged).isCloseTo(Math.sqrt(Math.pow(0.5, 180 / 90.0) * 0.4), within(1e-3));
        given().when().get("/api/v1/versions?model=" + model + "&resiliency=stale").then().statusCode(200)
                .body("version", equalTo(List.of(v)));
        given().when().get("/api/v1/models?tag=" + RUN_TAG + "&resiliency=stale&alias=champion").then().statusCode(200)
                .body("name", hasItem(model));

        // The gauge follows: live versions only, refreshed every 2 s in tests.
        String series = "rtml_model_resiliency_score{model=\"" + model + "\",version=\"" + v + "\"}";
        Instant deadline = Instant.now().plusSeconds(20);
        String line = null;
        while (line == null && Instant.now().isBefore(deadline)) {
            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            line = metrics.lines().filter(l -> l.startsWith(series)).findFirst().orElse(null);
            if (line == null) {
                Thread.sleep(500);
            }
        }
        assertThat(line).as(series).isNotNull();
        assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).isCloseTo(aged, within(1e-3));
    }
}
