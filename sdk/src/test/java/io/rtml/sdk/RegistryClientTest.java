package io.rtml.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.contracts.profile.FeatureType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryClientTest {

    private static final String MODEL_JSON = """
            {"name":"send-time","description":"d","industry":"retail","ingestionMode":"streaming",
             "tags":["email"],"owner":"me","createdAt":"2026-11-20T10:00:00Z","aliases":{"champion":2},"latestVersion":2}""";

    @Test
    void shouldReturnTheExistingModelWhenTheNameIsTaken() throws Exception {
        try (RecordingServer server = new RecordingServer(r -> r.method().equals("POST")
                ? RecordingServer.Response.json(409, "{\"error\":\"Model 'send-time' already exists\"}")
                : RecordingServer.Response.json(200, MODEL_JSON))) {
            ModelInfo model = new RegistryClient(server.uri())
                    .createModel("send-time", "retail", "streaming", List.of("email"), "d");

            assertThat(model.latestVersion()).isEqualTo(2);
            assertThat(model.aliases()).containsEntry("champion", 2);
            assertThat(server.requests).extracting(RecordingServer.Request::method).containsExactly("POST", "GET");
            assertThat(server.requests.get(1).path()).isEqualTo("/api/v1/models/send-time");
        }
    }

    @Test
    void shouldUploadArtifactAndMetadataAsMultipart() throws Exception {
        byte[] artifact = {0, 1, 2, (byte) 0xff, 13, 10, 45, 45};
        try (RecordingServer server = new RecordingServer(r -> RecordingServer.Response.json(201,
                "{\"model\":\"send-time\",\"version\":3,\"sha256\":\"" + RegistryClient.sha256(artifact) + "\"}"))) {
            DatasetProfile profile = DatasetProfile.fromRows(List.of(Map.of("x", 1.0), Map.of("x", 2.0)),
                    Map.of("x", FeatureType.NUMERIC));
            VersionMetadata metadata = VersionMetadata.builder().sha256(RegistryClient.sha256(artifact))
                    .input("x", "FP64").output("label", "BYTES").metric("accuracy", 0.8)
                    .sliceMetric("device=mobile", "accuracy", 0.7).baselineProfile(profile)
                    .featureRefs("recipient_profile", List.of("x")).featureRelevance(Map.of("x", 0.4))
                    .trainingSet(new io.rtml.contracts.lineage.TrainingSetSnapshot("ab".repeat(32), 2L, "known",
                            java.time.Instant.parse("2026-11-30T08:00:00Z"), null, null, List.of("recipient_profile:x")))
                    .build();

            int version = new RegistryClient(server.uri()).registerVersion("send-time", artifact, metadata);

            assertThat(version).isEqualTo(3);
            RecordingServer.Request request = server.requests.get(0);
            assertThat(request.path()).isEqualTo("/api/v1/models/send-time/versions");
            Map<String, byte[]> parts = parts(request);
            assertThat(parts.get("artifact")).isEqualTo(artifact);
            JsonNode meta = ServiceHttp.MAPPER.readTree(parts.get("metadata"));
            assertThat(meta.path("format").asText()).isEqualTo("tribuo");
            assertThat(meta.path("signature").path("inputs").get(0).path("datatype").asText()).isEqualTo("FP64");
            assertThat(meta.path("metrics").path("accuracy").asDouble()).isEqualTo(0.8);
            assertThat(meta.path("sliceMetrics").path("device=mobile").path("accuracy").asDouble()).isEqualTo(0.7);
            assertThat(meta.path("featureRefs").get(0).asText()).isEqualTo("recipient_profile:x");
            assertThat(meta.path("featureRelevance").path("x").asDouble()).isEqualTo(0.4);
            assertThat(meta.path("trainingSet").path("entityRowsDigest").asText()).isEqualTo("ab".repeat(32));
            assertThat(meta.path("trainingSet").path("readAt").asText()).isEqualTo("2026-11-30T08:00:00Z");
            assertThat(meta.path("baselineProfile").path("features").path("x").path("type").asText()).isEqualTo("numeric");
            assertThat(ServiceHttp.MAPPER.treeToValue(meta.path("baselineProfile"), DatasetProfile.class).rows()).isEqualTo(2);
        }
    }

    @Test
    void shouldThrowTheGateReportWhenChampionIsRefused() throws Exception {
        String report = """
                {"error":"Version 2 failed the validation gate","details":{"passed":false,"checks":[
                 {"name":"signature","passed":true,"message":"3 inputs declared"},
                 {"name":"metrics","passed":false,"message":"accuracy 0.5000 vs champion 0.7000"}]}}""";
        try (RecordingServer server = new RecordingServer(r -> RecordingServer.Response.json(409, report))) {
            RegistryClient client = new RegistryClient(server.uri());

            assertThatThrownBy(() -> client.setAlias("send-time", "champion", 2))
                    .isInstanceOfSatisfying(GateFailedException.class, e -> {
                        assertThat(e.getMessage()).contains("Version 2 failed the validation gate");
                        assertThat(e.report().path("passed").asBoolean(true)).isFalse();
                        assertThat(e.failedChecks()).containsExactly("metrics: accuracy 0.5000 vs champion 0.7000");
                    });
            assertThat(server.requests.get(0).method()).isEqualTo("PUT");
            assertThat(server.requests.get(0).path()).isEqualTo("/api/v1/models/send-time/aliases/champion");
            assertThat(ServiceHttp.MAPPER.readTree(server.requests.get(0).body()).path("version").asInt()).isEqualTo(2);
        }
    }

    @Test
    void shouldSendTheBearerTokenItWasGivenOnEveryCall() throws Exception {
        try (RecordingServer server = new RecordingServer(r -> RecordingServer.Response.json(200,
                "{\"model\":\"m\",\"alias\":\"champion\",\"version\":1,\"updatedAt\":\"2026-11-20T10:00:00Z\"}"))) {
            new RegistryClient(server.uri(), "the-token").setAlias("m", "champion", 1);

            java.util.Map<String, java.util.List<String>> headers = server.requests.get(0).headers();
            assertThat(headers.entrySet()).anySatisfy(h -> {
                assertThat(h.getKey()).isEqualToIgnoringCase("Authorization");
                assertThat(h.getValue()).containsExactly("Bearer the-token");
            });
            assertThat(new String(server.requests.get(0).body())).doesNotContain("actor");
        }
    }

    @Test
    void shouldReturnTheGateReportWhenChampionIsSet() throws Exception {
        try (RecordingServer server = new RecordingServer(r -> RecordingServer.Response.json(200,
                "{\"model\":\"m\",\"alias\":\"champion\",\"version\":1,\"updatedAt\":\"2026-11-20T10:00:00Z\","
                        + "\"gate\":{\"passed\":true,\"checks\":[]}}"))) {
            AliasResult result = new RegistryClient(server.uri()).setAlias("m", "champion", 1);

            assertThat(result.version()).isEqualTo(1);
            assertThat(result.gate().path("passed").asBoolean()).isTrue();
        }
    }

    @Test
    void shouldSurfaceTheServiceErrorSentence() throws Exception {
        try (RecordingServer server = new RecordingServer(r -> RecordingServer.Response.json(404,
                "{\"error\":\"Model 'nope' not found\"}"))) {
            assertThatThrownBy(() -> new RegistryClient(server.uri()).getVersion("nope", 1))
                    .isInstanceOfSatisfying(RtmlClientException.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.getMessage()).contains("Model 'nope' not found");
                    });
        }
    }

    @Test
    void shouldDownloadAnArtifactWhoseChecksumMatchesTheEtag() throws Exception {
        byte[] artifact = "model bytes".getBytes(StandardCharsets.UTF_8);
        try (RecordingServer server = new RecordingServer(r -> new RecordingServer.Response(200,
                Map.of("ETag", "\"" + RegistryClient.sha256(artifact) + "\""), artifact))) {
            assertThat(new RegistryClient(server.uri()).downloadArtifact("m", 1)).isEqualTo(artifact);
            assertThat(server.requests.get(0).path()).isEqualTo("/api/v1/models/m/versions/1/artifact");
        }
    }

    @Test
    void shouldRefuseAnArtifactWhoseChecksumDiffersFromTheEtag() throws Exception {
        byte[] artifact = "model bytes".getBytes(StandardCharsets.UTF_8);
        try (RecordingServer server = new RecordingServer(r -> new RecordingServer.Response(200,
                Map.of("ETag", "\"" + RegistryClient.sha256("other".getBytes(StandardCharsets.UTF_8)) + "\""),
                artifact))) {
            assertThatThrownBy(() -> new RegistryClient(server.uri()).downloadArtifact("m", 1))
                    .isInstanceOf(RtmlClientException.class)
                    .hasMessageContaining("ETag");
        }
    }

    @Test
    void shouldSayWhichServiceCouldNotBeReached() {
        RegistryClient client = new RegistryClient(java.net.URI.create("http://127.0.0.1:1"));

        assertThatThrownBy(() -> client.getModel("m"))
                .isInstanceOf(RtmlClientException.class)
                .hasMessageContaining("GET http://127.0.0.1:1/api/v1/models/m failed");
    }

    /** Splits a multipart/form-data body into its parts by name, independently of MultipartBody. */
    static Map<String, byte[]> parts(RecordingServer.Request request) {
        String contentType = request.header("Content-Type");
        assertThat(contentType).startsWith("multipart/form-data; boundary=");
        byte[] delimiter = ("--" + contentType.substring(contentType.indexOf("boundary=") + 9))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] body = request.body();
        Map<String, byte[]> parts = new LinkedHashMap<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            int next = indexOf(body, delimiter, start);
            byte[] part = Arrays.copyOfRange(body, start + 2, next - 2);
            int split = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            String head = new String(part, 0, split, StandardCharsets.UTF_8);
            String name = head.replaceAll("(?s).*?; name=\"([^\"]*)\".*", "$1");
            parts.put(name, Arrays.copyOfRange(part, split + 4, part.length));
            at = next;
        }
        return parts;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
