package io.rtml.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureStoreClientTest {

    @Test
    void shouldUpsertRowsInBatchesOfOneThousand() throws Exception {
        try (RecordingServer server = new RecordingServer(r -> {
            int n = ServiceHttp.read(r.body(), JsonNode.class).path("rows").size();
            return RecordingServer.Response.json(200, "{\"upserted\":" + n + "}");
        })) {
            List<Row> rows = new ArrayList<>();
            Instant t = Instant.parse("2026-11-20T10:00:00Z");
            for (int i = 0; i < 2_500; i++) {
                rows.add(new Row("r-" + i, t, Map.of("tz_offset", -5.0, "device", "mobile")));
            }

            long upserted = new FeatureStoreClient(server.uri()).upsertRows("recipient_profile", rows);

            assertThat(upserted).isEqualTo(2_500);
            assertThat(server.requests).hasSize(3);
            assertThat(server.requests).allSatisfy(r ->
                    assertThat(r.path()).isEqualTo("/api/v1/feature-views/recipient_profile/rows"));
            JsonNode first = ServiceHttp.read(server.requests.get(0).body(), JsonNode.class).path("rows").get(0);
            assertThat(first.path("entityKey").asText()).isEqualTo("r-0");
            assertThat(first.path("eventTime").asText()).isEqualTo("2026-11-20T10:00:00Z");
            assertThat(first.path("values").path("device").asText()).isEqualTo("mobile");
        }
    }

    @Test
    void shouldRecordTheTrainingSetReadWithADigestOfItsEntityRows() throws Exception {
        try (RecordingServer server = new RecordingServer(r -> RecordingServer.Response.json(200, "{\"results\": []}"))) {
            Instant t1 = Instant.parse("2026-11-20T10:00:00Z");
            Instant t2 = Instant.parse("2026-11-21T10:00:00Z");
            List<EntityRow> rows = List.of(new EntityRow("r-2", t2), new EntityRow("r-1", t1));

            TrainingSet set = new FeatureStoreClient(server.uri()).trainingSet(List.of("recipient_profile:tz_offset"),
                    rows, AsOf.KNOWN);

            // The digest, recomputed here from its definition: sha256 of "key<TAB>timestamp<LF>" per row, in order.
            String lines = "r-2\t2026-11-21T10:00:00Z\nr-1\t2026-11-20T10:00:00Z\n";
            String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(set.snapshot().entityRowsDigest()).isEqualTo(expected);
            assertThat(set.snapshot().rows()).isEqualTo(2);
            assertThat(set.snapshot().asOf()).isEqualTo("known");
            assertThat(set.snapshot().from()).isEqualTo(t1);
            assertThat(set.snapshot().to()).isEqualTo(t2);
            assertThat(set.snapshot().features()).containsExactly("recipient_profile:tz_offset");
            assertThat(set.snapshot().problems()).isEmpty();
            assertThat(server.requests.get(0).path()).isEqualTo("/api/v1/historical-features");
        }
    }

    @Test
    void shouldTreatAnExistingFeatureViewAsFine() throws Exception {
        try (RecordingServer server = new RecordingServer(r ->
                RecordingServer.Response.json(409, "{\"error\":\"Feature view 'v' already exists\"}"))) {
            boolean created = new FeatureStoreClient(server.uri()).createFeatureView("v", "recipient", 86_400,
                    List.of(new FeatureSpec("tz_offset", ValueType.FP64), new FeatureSpec("device", ValueType.STRING)));

            assertThat(created).isFalse();
            JsonNode body = ServiceHttp.read(server.requests.get(0).body(), JsonNode.class);
            assertThat(body.path("features").get(1).path("type").asText()).isEqualTo("STRING");
            assertThat(body.path("ttlSeconds").asLong()).isEqualTo(86_400);
        }
    }

    @Test
    void shouldDeclareWindowAggregations() throws Exception {
        try (RecordingServer server = new RecordingServer(r -> RecordingServer.Response.json(201, "{}"))) {
            boolean created = new FeatureStoreClient(server.uri()).createFeatureView("v", "recipient", 86_400,
                    List.of(new FeatureSpec("opened", ValueType.BOOL)), List.of(AggregationSpec.count("opens_7d", "opened", "7d")),
                    null);

            assertThat(created).isTrue();
            JsonNode body = ServiceHttp.read(server.requests.get(0).body(), JsonNode.class);
            JsonNode aggregation = body.path("aggregations").get(0);
            assertThat(aggregation.path("name").asText()).isEqualTo("opens_7d");
            assertThat(aggregation.path("function").asText()).isEqualTo("count");
            assertThat(aggregation.path("source").asText()).isEqualTo("opened");
            assertThat(aggregation.path("window").asText()).isEqualTo("7d");
        }
    }

    @Test
    void shouldReportARefusedBatchWithTheStoresReason() throws Exception {
        try (RecordingServer server = new RecordingServer(r -> RecordingServer.Response.json(400,
                "{\"error\":\"row 0: unknown feature 'nope'\"}"))) {
            FeatureStoreClient client = new FeatureStoreClient(server.uri());
            List<Row> rows = List.of(new Row("r-1", Instant.now(), Map.of("nope", 1)));

            assertThatThrownBy(() -> client.upsertRows("v", rows))
                    .isInstanceOf(RtmlClientException.class)
                    .hasMessageContaining("row 0: unknown feature 'nope'");
        }
    }

    @Test
    void shouldReadOnlineFeaturesWithStatusAndBareNamedValues() throws Exception {
        String answer = """
                {"results":[
                 {"entityKey":"r-1","features":{
                   "recipient_profile:tz_offset":{"value":-5,"status":"PRESENT","eventTime":"2026-11-20T10:00:00Z","ageSeconds":12.5},
                   "recipient_profile:device":{"value":"mobile","status":"PRESENT","eventTime":"2026-11-20T10:00:00Z","ageSeconds":12.5}}},
                 {"entityKey":"r-2","features":{
                   "recipient_profile:tz_offset":{"value":null,"status":"NOT_FOUND","eventTime":null,"ageSeconds":null},
                   "recipient_profile:device":{"value":null,"status":"OUTSIDE_TTL","eventTime":"2026-01-01T00:00:00Z","ageSeconds":9e6}}}]}""";
        try (RecordingServer server = new RecordingServer(r -> RecordingServer.Response.json(200, answer))) {
            List<FeatureResult> results = new FeatureStoreClient(server.uri()).onlineFeatures(
                    List.of("recipient_profile:tz_offset", "recipient_profile:device"), List.of("r-1", "r-2"));

            assertThat(results).hasSize(2);
            assertThat(results.get(0).values()).containsEntry("tz_offset", -5).containsEntry("device", "mobile");
            assertThat(results.get(1).values()).isEmpty();
            assertThat(results.get(1).features().get("recipient_profile:device").status())
                    .isEqualTo(FeatureStatus.OUTSIDE_TTL);
            JsonNode sent = ServiceHttp.read(server.requests.get(0).body(), JsonNode.class);
            assertThat(sent.path("entityKeys").size()).isEqualTo(2);
        }
    }

    @Test
    void shouldSendEntityRowsWithTimestampsForHistoricalReads() throws Exception {
        try (RecordingServer server = new RecordingServer(r -> RecordingServer.Response.json(200,
                "{\"results\":[{\"entityKey\":\"r-1\",\"timestamp\":\"2026-11-20T09:00:00Z\",\"features\":{}}]}"))) {
            List<FeatureResult> results = new FeatureStoreClient(server.uri()).historicalFeatures(
                    List.of("recipient_profile:tz_offset"),
                    List.of(new EntityRow("r-1", Instant.parse("2026-11-20T09:00:00Z"))));

            assertThat(results.get(0).timestamp()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
            JsonNode sent = ServiceHttp.read(server.requests.get(0).body(), JsonNode.class);
            assertThat(server.requests.get(0).path()).isEqualTo("/api/v1/historical-features");
            assertThat(sent.path("entityRows").get(0).path("timestamp").asText()).isEqualTo("2026-11-20T09:00:00Z");
            assertThat(sent.path("asOf").asText()).isEqualTo("known");
        }
    }

    @Test
    void shouldAskForEventTimeJoinsOnlyWhenTold() throws Exception {
        try (RecordingServer server = new RecordingServer(r -> RecordingServer.Response.json(200,
                "{\"asOf\":\"event\",\"results\":[{\"entityKey\":\"r-1\",\"timestamp\":\"2026-11-20T09:00:00Z\",\"features\":{}}]}"))) {
            new FeatureStoreClient(server.uri()).historicalFeatures(List.of("recipient_profile:tz_offset"),
                    List.of(new EntityRow("r-1", Instant.parse("2026-11-20T09:00:00Z"))), AsOf.EVENT);

            assertThat(ServiceHttp.read(server.requests.get(0).body(), JsonNode.class).path("asOf").asText())
                    .isEqualTo("event");
        }
    }
}
