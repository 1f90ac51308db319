package io.rtml.registry.mlflow;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.mlflow_project.google.protobuf.Message;
import org.mlflow_project.google.protobuf.util.JsonFormat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official MLflow Java client (org.mlflow:mlflow-client) pointed at the registry, authenticated with an
 * rtml JWT as MLFLOW_TRACKING_TOKEN would give it. The client's typed calls are used where it has them;
 * for the calls it only has as raw REST (create, alias), the requests are its own protobuf messages
 * printed with its own JSON printer, so the wire shapes are MLflow's, not ours.
 */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class MlflowClientRoundTripTest {

    private static final byte[] MODEL_FILE = "onnx-model-bytes".getBytes(StandardCharsets.UTF_8);
    private static final String PROFILE = """
            {"rows": 2, "features": {"opens_30d": {"type": "numeric", "edges": [2.0], "counts": [1, 1],
              "count": 2, "missing": 0, "min": 1.0, "max": 3.0, "mean": 2.0, "m2": 2.0}}}""";
    private static final String METADATA = """
            {"signature": {"inputs": [{"name": "opens_30d", "datatype": "FP64"}], "outputs": [{"name": "label", "datatype": "BYTES"}]},
             "metrics": {"accuracy": 0.81}, "baselineProfile": %s}""".formatted(PROFILE);

    @TestHTTPResource("/")
    URL registry;

    private HttpServer artifactHost;
    private String artifactUrl;

    @BeforeEach
    void serveTheModelFileAndSignIn() throws IOException {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        artifactHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        artifactHost.createContext("/artifacts/model.onnx", exchange -> {
            exchange.sendResponseHeaders(200, MODEL_FILE.length);
            exchange.getResponseBody().write(MODEL_FILE);
            exchange.close();
        });
        artifactHost.start();
        artifactUrl = "http://127.0.0.1:" + artifactHost.getAddress().getPort() + "/artifacts/model.onnx";
    }

    @AfterEach
    void stopArtifactHost() {
        artifactHost.stop(0);
    }

    private MlflowClient client(String token) {
        return new MlflowClient(new BasicMlflowHostCreds(registry.toString().replaceAll("/$", ""), token));
    }

    private static String json(Message message) throws IOException {
        return JsonFormat.printer().preservingProtoFieldNames().print(message);
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void shouldRegisterAModelAndVersionSetAnAliasAndFetchItBackWithTheMlflowJavaClient() throws Exception {
        String name = "mlflow-" + UUID.randomUUID().toString().substring(0, 8);
        try (MlflowClient mlflow = client(Tokens.of(Roles.ADMIN))) {
            mlflow.sendPost("registered-models/create", json(ModelRegistry.CreateRegisteredModel.newBuilder()
                    .setName(name).setDescription("send-time model from MLflow")
                    .addTags(ModelRegistry.RegisteredModelTag.newBuilder().setKey("team").setValue("growth")).build()));

            String created = mlflow.sendPost("model-versions/create", json(ModelRegistry.CreateModelVersion.newBuilder()
                    .setName(name).setSource(artifactUrl).setRunId("run-42").setDescription("first")
                    .addTags(ModelRegistry.ModelVersionTag.newBuilder().setKey("rtml.metadata").setValue(METADATA))
                    .addTags(ModelRegistry.ModelVersionTag.newBuilder().setKey("trainer").setValue("xgboost")).build()));
            ModelRegistry.CreateModelVersion.Response.Builder createdVersion = ModelRegistry.CreateModelVersion.Response.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(created, createdVersion);
            assertThat(createdVersion.getModelVersion().getVersion()).isEqualTo("1");
            assertThat(createdVersion.getModelVersion().getStatus()).isEqualTo(ModelRegistry.ModelVersionStatus.READY);

            mlflow.sendPost("registered-models/alias", json(ModelRegistry.SetRegisteredModelAlias.newBuilder()
                    .setName(name).setAlias("champion").setVersion("1").build()));

            ModelRegistry.GetModelVersionByAlias.Response.Builder byAlias = ModelRegistry.GetModelVersionByAlias.Response.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(
                    mlflow.sendGet("registered-models/alias?name=" + q(name) + "&alias=champion"), byAlias);
            assertThat(byAlias.getModelVersion().getVersion()).isEqualTo("1");
            assertThat(byAlias.getModelVersion().getAliasesList()).containsExactly("champion");
            assertThat(byAlias.getModelVersion().getCurrentStage()).isEqualTo("Production");

            ModelRegistry.ModelVersion version = mlflow.getModelVersion(name, "1");
            assertThat(version.getSource()).isEqualTo(artifactUrl);
            assertThat(version.getRunId()).isEqualTo("run-42");
            assertThat(version.getUserId()).isEqualTo("test-admin");
            assertThat(version.getTagsList()).extracting(ModelRegistry.ModelVersionTag::getKey).containsExactly("trainer");

            ModelRegistry.RegisteredModel model = mlflow.getRegisteredModel(name);
            assertThat(model.getDescription()).isEqualTo("send-time model from MLflow");
            assertThat(model.getTagsList()).extracting(t -> t.getKey() + "=" + t.getValue()).containsExactly("team=growth");
            assertThat(model.getAliasesList()).extracting(ModelRegistry.RegisteredModelAlias::getAlias).containsExactly("champion");
            assertThat(model.getLatestVersionsList()).extracting(ModelRegistry.ModelVersion::getVersion).containsExactly("1");

            assertThat(mlflow.searchModelVersions("name='" + name + "'").getItems())
                    .extracting(ModelRegistry.ModelVersion::getVersion).containsExactly("1");
            assertThat(mlflow.getLatestVersions(name, List.of("Production")))
                    .extracting(ModelRegistry.ModelVersion::getVersion).containsExactly("1");

            // The artifact behind the download URI is the fetched file, byte for byte.
            String uri = mlflow.getModelVersionDownloadUri(name, "1");
            HttpResponse<byte[]> bytes = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri))
                    .header("Authorization", "Bearer " + Tokens.of(Roles.SERVICE)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(bytes.statusCode()).isEqualTo(200);
            assertThat(bytes.body()).isEqualTo(MODEL_FILE);
        }
        // The same model through rtml's own API: one catalogue, two dialects.
        given().when().get("/api/v1/models/" + name).then().statusCode(200)
                .body("aliases.champion", org.hamcrest.Matchers.equalTo(1));
        given().when().get("/api/v1/models/" + name + "/versions/1").then().statusCode(200)
                .body("format", org.hamcrest.Matchers.equalTo("onnx"))
                .body("metrics.accuracy", org.hamcrest.Matchers.equalTo(0.81f));
    }

    @Test
    void shouldAnswerMlflowErrorsWithRtmlStatusCodesAndRulesForDuplicatesBadInputAndMissingRoles() throws Exception {
        String name = "mlflow-" + UUID.randomUUID().toString().substring(0, 8);
        try (MlflowClient admin = client(Tokens.of(Roles.ADMIN));
             MlflowClient scientist = client(Tokens.minted("ann", Set.of(Roles.DATA_SCIENTIST), null));
             MlflowClient nobody = client("not-a-token")) {
            String create = json(ModelRegistry.CreateRegisteredModel.newBuilder().setName(name).build());
            admin.sendPost("registered-models/create", create);
            assertThatThrownBy(() -> admin.sendPost("registered-models/create", create))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(409);
                        assertThat(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS");
                    });
            assertThatThrownBy(() -> admin.sendPost("registered-models/create",
                    json(ModelRegistry.CreateRegisteredModel.newBuilder().setName("Not A Valid Name").build())))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
            // A null tag (the fuzz found it as a 500): a 400 naming the parameter.
            assertThatThrownBy(() -> admin.sendPost("registered-models/create",
                    "{\"name\": \"" + name + "-tags\", \"tags\": [null]}"))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(400);
                        assertThat(e.getBodyMessage()).contains("tags");
                    });

            // No rtml metadata: the version cannot be checked, so it is refused with every problem named.
            assertThatThrownBy(() -> scientist.sendPost("model-versions/create", json(ModelRegistry.CreateModelVersion.newBuilder()
                    .setName(name).setSource(artifactUrl).build())))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(400);
                        assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE", "signature.inputs");
                    });
            assertThatThrownBy(() -> scientist.sendPost("model-versions/create", json(ModelRegistry.CreateModelVersion.newBuilder()
                    .setName(name).setSource("runs:/abc/model").build())))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage()).contains("http or https"));
            scientist.sendPost("model-versions/create", json(ModelRegistry.CreateModelVersion.newBuilder()
                    .setName(name).setSource(artifactUrl)
                    .addTags(ModelRegistry.ModelVersionTag.newBuilder().setKey("rtml.metadata").setValue(METADATA)).build()));

            // Moving an alias is an operator's job in rtml, in either dialect.
            assertThatThrownBy(() -> scientist.sendPost("registered-models/alias", json(ModelRegistry.SetRegisteredModelAlias
                    .newBuilder().setName(name).setAlias("champion").setVersion("1").build())))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
            assertThatThrownBy(() -> nobody.getRegisteredModel(name))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(401));
            assertThatThrownBy(() -> admin.getModelVersion(name, "7"))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(404);
                        assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
                    });
            assertThatThrownBy(() -> admin.sendGet("registered-models/alias?name=" + q(name) + "&alias=champion"))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
            // A NUL character PostgreSQL cannot store: 400 naming where it was, in a query or in a body.
            assertThatThrownBy(() -> admin.getRegisteredModel("nul\u0000name"))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(400);
                        assertThat(e.getBodyMessage()).contains("query parameter 'name'", "NUL");
                    });
            assertThatThrownBy(() -> admin.sendPost("registered-models/create",
                    json(ModelRegistry.CreateRegisteredModel.newBuilder().setName("nul\u0000name").build())))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(400);
                        assertThat(e.getBodyMessage()).contains("body field 'name'", "NUL");
                    });
        }
    }

    @Test
    void shouldMapTheProductionStageToTheChampionAliasThroughTheValidationGate() throws Exception {
        String name = "mlflow-" + UUID.randomUUID().toString().substring(0, 8);
        try (MlflowClient admin = client(Tokens.of(Roles.ADMIN))) {
            admin.sendPost("registered-models/create", json(ModelRegistry.CreateRegisteredModel.newBuilder().setName(name).build()));
            for (String accuracy : List.of("0.81", "0.50")) {
                admin.sendPost("model-versions/create", json(ModelRegistry.CreateModelVersion.newBuilder()
                        .setName(name).setSource(artifactUrl).addTags(ModelRegistry.ModelVersionTag.newBuilder()
                                .setKey("rtml.metadata").setValue(METADATA.replace("0.81", accuracy))).build()));
            }
            admin.sendPost("model-versions/transition-stage", json(ModelRegistry.TransitionModelVersionStage.newBuilder()
                    .setName(name).setVersion("1").setStage("Production").setArchiveExistingVersions(false).build()));
            assertThat(admin.getModelVersion(name, "1").getCurrentStage()).isEqualTo("Production");
            // Version 2 is worse: the champion gate refuses it, whatever the dialect.
            assertThatThrownBy(() -> admin.sendPost("model-versions/transition-stage", json(ModelRegistry.TransitionModelVersionStage
                    .newBuilder().setName(name).setVersion("2").setStage("production").build())))
                    .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(409);
                        assertThat(e.getBodyMessage()).contains("INVALID_STATE", "validation gate");
                    });
            assertThat(admin.getLatestVersions(name, List.of("Production", "None")))
                    .extracting(v -> v.getVersion() + ":" + v.getCurrentStage()).containsExactly("1:Production", "2:None");
        }
    }
}
