package io.rtml.inference;

import io.restassured.http.ContentType;
import io.rtml.inference.runtime.TestModels;
import org.eclipse.microprofile.config.ConfigProvider;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Registers real Tribuo models with the real registry process the test started. */
public final class RegistryFixture {

    public static final String METADATA = """
            {"format": "tribuo",
             "signature": {"inputs": [{"name": "hour", "datatype": "FP64"}, {"name": "tz", "datatype": "FP64"},
                                      {"name": "device", "datatype": "BYTES"}],
                           "outputs": [{"name": "label", "datatype": "BYTES"}]},
             "metrics": {"accuracy": %s},
             "baselineProfile": {"rows": 1, "features": {"hour": {"type": "numeric", "edges": [12.0],
                 "counts": [0, 1], "count": 1, "missing": 0, "min": 13.0, "max": 13.0, "mean": 13.0, "m2": 0.0}}},
             "featureRefs": %s,
             "params": %s}""";

    private RegistryFixture() {
    }

    public static String registryUrl() {
        return ConfigProvider.getConfig().getValue("rtml.registry.url", String.class);
    }

    public static void createModel(String name) {
        given().baseUri(registryUrl()).contentType(ContentType.JSON).body("{\"name\": \"" + name + "\"}")
                .when().post("/api/v1/models").then().statusCode(201);
    }

    public static int register(String name, Model<Label> model, double accuracy, String featureRefsJson) {
        return register(name, model, accuracy, featureRefsJson, "{}");
    }

    /** With version params, e.g. {@code {"batching.max-queue-delay-ms": 5}}. */
    public static int register(String name, Model<Label> model, double accuracy, String featureRefsJson,
                               String paramsJson) {
        return registerArtifact(name, TestModels.protobufBytes(model), accuracy, featureRefsJson, paramsJson);
    }

    /** Registers {@code artifact} as it is (e.g. bytes no runtime can read), with the usual metadata. */
    public static int registerArtifact(String name, byte[] artifact, double accuracy, String featureRefsJson) {
        return registerArtifact(name, artifact, accuracy, featureRefsJson, "{}");
    }

    private static int registerArtifact(String name, byte[] artifact, double accuracy, String featureRefsJson,
                                        String paramsJson) {
        return given().baseUri(registryUrl())
                .multiPart("artifact", "model.tribuo", artifact, "application/octet-stream")
                .multiPart("metadata", METADATA.formatted(accuracy, featureRefsJson, paramsJson), "application/json")
                .when().post("/api/v1/models/" + name + "/versions")
                .then().statusCode(201).extract().path("version");
    }

    /** A new model whose champion v1 is bytes no runtime can read: every load of it fails. */
    public static String corruptChampion(String prefix) {
        String name = prefix + "-corrupt-" + UUID.randomUUID().toString().substring(0, 8);
        createModel(name);
        int v = registerArtifact(name, "not a model".getBytes(StandardCharsets.UTF_8), 0.9, "[]");
        setChampion(name, v);
        return name;
    }

    public static void setChampion(String name, int version) {
        given().baseUri(registryUrl()).contentType(ContentType.JSON).body("{\"version\": " + version + ", \"actor\": \"test\"}")
                .when().put("/api/v1/models/" + name + "/aliases/champion").then().statusCode(200);
    }

    /** Polls the inference service until the model's metadata names {@code version}. */
    public static void awaitServing(String name, int version, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            var response = given().when().get("/v2/models/" + name);
            if (response.statusCode() == 200 && String.valueOf(version).equals(response.path("versions[0]"))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " v" + version + " was not serving within " + timeout);
    }
}
