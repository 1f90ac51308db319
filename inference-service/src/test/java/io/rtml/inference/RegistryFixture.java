package io.rtml.inference;

import io.restassured.http.ContentType;
import io.rtml.inference.runtime.TestModels;
import org.eclipse.microprofile.config.ConfigProvider;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.time.Duration;
import java.time.Instant;

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
        return given().baseUri(registryUrl())
                .multiPart("artifact", "model.tribuo", TestModels.protobufBytes(model), "application/octet-stream")
                .multiPart("metadata", METADATA.formatted(accuracy, featureRefsJson, paramsJson), "application/json")
                .when().post("/api/v1/models/" + name + "/versions")
                .then().statusCode(201).extract().path("version");
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
