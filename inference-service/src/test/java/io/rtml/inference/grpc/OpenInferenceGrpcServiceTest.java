package io.rtml.inference.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcClientUtils;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.PlatformTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicReader;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.grpc.v2.GRPCInferenceService;
import io.rtml.inference.grpc.v2.InferTensorContents;
import io.rtml.inference.grpc.v2.ModelInferRequest;
import io.rtml.inference.grpc.v2.ModelInferResponse;
import io.rtml.inference.grpc.v2.ModelMetadataRequest;
import io.rtml.inference.grpc.v2.ModelMetadataResponse;
import io.rtml.inference.grpc.v2.ModelReadyRequest;
import io.rtml.inference.grpc.v2.ServerLiveRequest;
import io.rtml.inference.grpc.v2.ServerMetadataRequest;
import io.rtml.inference.grpc.v2.ServerReadyRequest;
import io.rtml.inference.runtime.TestModels;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@QuarkusTest
@WithTestResource(GrpcTestPort.class)
@WithTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "services", value = "REGISTRY"),
        @ResourceArg(name = "databaseSuffix", value = "_grpc_oip_test")})
class OpenInferenceGrpcServiceTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REST_INFER = """
            {"inputs": [
              {"name": "hour", "shape": [3], "datatype": "FP64", "data": [1, 20, 11]},
              {"name": "tz", "shape": [3, 1], "datatype": "FP64", "data": [[0], [3], [2]]},
              {"name": "device", "shape": [3], "datatype": "BYTES", "data": ["mobile", "desktop", "mobile"]}]}""";

    @GrpcClient("oip")
    GRPCInferenceService client;

    /** {@code client}, each call carrying {@code token} in its {@code authorization} metadata. */
    static GRPCInferenceService withToken(GRPCInferenceService client, String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return GrpcClientUtils.attachHeaders(client, headers);
    }

    private GRPCInferenceService as(String token) {
        return withToken(client, token);
    }

    private static String champion(long seed) {
        String name = "grpc-" + UUID.randomUUID().toString().substring(0, 8);
        RegistryFixture.createModel(name);
        int v = RegistryFixture.register(name, TestModels.cart(seed), 0.9, "[]");
        RegistryFixture.setChampion(name, v);
        return name;
    }

    /** The same three rows as {@link #REST_INFER}, in typed contents. */
    static ModelInferRequest.Builder typed(String model) {
        return ModelInferRequest.newBuilder().setModelName(model)
                .addInputs(input("hour", "FP64", 3).setContents(InferTensorContents.newBuilder()
                        .addFp64Contents(1).addFp64Contents(20).addFp64Contents(11)))
                .addInputs(input("tz", "FP64", 3, 1).setContents(InferTensorContents.newBuilder()
                        .addFp64Contents(0).addFp64Contents(3).addFp64Contents(2)))
                .addInputs(input("device", "BYTES", 3).setContents(InferTensorContents.newBuilder()
                        .addBytesContents(utf8("mobile")).addBytesContents(utf8("desktop")).addBytesContents(utf8("mobile"))));
    }

    private static ModelInferRequest.InferInputTensor.Builder input(String name, String datatype, long... shape) {
        ModelInferRequest.InferInputTensor.Builder b = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(name).setDatatype(datatype);
        for (long d : shape) {
            b.addShape(d);
        }
        return b;
    }

    private static ByteString utf8(String s) {
        return ByteString.copyFromUtf8(s);
    }

    static <T> T await(Uni<T> call) {
        return call.await().atMost(WAIT);
    }

    static StatusRuntimeException failure(Uni<?> call) {
        return catchThrowableOfType(StatusRuntimeException.class, () -> call.await().atMost(WAIT));
    }

    private static List<String> labels(ModelInferResponse response) {
        return response.getOutputs(0).getContents().getBytesContentsList().stream()
                .map(b -> b.toString(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void shouldAnswerModelInferWithTheSameLabelsAndScoresAsRest() {
        String name = champion(31);
        var rest = given().contentType(ContentType.JSON).body(REST_INFER)
                .when().post("/v2/models/" + name + "/infer")
                .then().statusCode(200).extract().jsonPath();

        ModelInferResponse grpc = await(as(Tokens.of(Roles.ADMIN)).modelInfer(typed(name).setId("grpc-same").build()));

        assertThat(grpc.getModelName()).isEqualTo(name);
        assertThat(grpc.getModelVersion()).isEqualTo("1");
        assertThat(grpc.getId()).isEqualTo("grpc-same");
        assertThat(grpc.getOutputsList()).extracting(o -> o.getName()).containsExactly("label", "scores");
        assertThat(labels(grpc)).isEqualTo(rest.getList("outputs[0].data", String.class)).containsExactly("early", "late", "late");
        assertThat(grpc.getOutputs(1).getDatatype()).isEqualTo("FP64");
        assertThat(grpc.getOutputs(1).getShapeList()).containsExactly(3L, 2L);
        assertThat(grpc.getOutputs(1).getContents().getFp64ContentsList())
                .isEqualTo(rest.getList("outputs[1].data", Double.class));
        assertThat(grpc.getOutputs(1).getParametersMap().get("labels").getStringParam())
                .isEqualTo(rest.getString("outputs[1].parameters.labels"));
    }

    @Test
    void shouldReadRawInputContentsAsTheSpecLaysThemOut() {
        String name = champion(32);
        ByteBuffer hours = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putDouble(1).putDouble(20).putDouble(11);
        ByteBuffer tz = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putDouble(0).putDouble(3).putDouble(2);
        ByteBuffer devices = ByteBuffer.allocate(3 * 4 + 6 + 7 + 6).order(ByteOrder.LITTLE_ENDIAN);
        for (String d : List.of("mobile", "desktop", "mobile")) {
            devices.putInt(d.length()).put(d.getBytes(StandardCharsets.UTF_8));
        }
        ModelInferRequest raw = ModelInferRequest.newBuilder().setModelName(name)
                .addInputs(input("hour", "FP64", 3)).addInputs(input("tz", "FP64", 3, 1)).addInputs(input("device", "BYTES", 3))
                .addRawInputContents(ByteString.copyFrom(hours.array()))
                .addRawInputContents(ByteString.copyFrom(tz.array()))
                .addRawInputContents(ByteString.copyFrom(devices.array()))
                .build();

        ModelInferResponse fromRaw = await(as(Tokens.of(Roles.ADMIN)).modelInfer(raw));
        ModelInferResponse fromTyped = await(as(Tokens.of(Roles.ADMIN)).modelInfer(typed(name).build()));

        assertThat(labels(fromRaw)).isEqualTo(labels(fromTyped)).containsExactly("early", "late", "late");
        assertThat(fromRaw.getOutputs(1).getContents().getFp64ContentsList())
                .isEqualTo(fromTyped.getOutputs(1).getContents().getFp64ContentsList());
    }

    @Test
    void shouldPublishEveryGrpcAnswerOnThePredictionsTopic() throws Exception {
        String name = champion(33);
        await(as(Tokens.of(Roles.ADMIN)).modelInfer(typed(name).setId("grpc-event").build()));
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicReader reader = new TopicReader(bootstrap, "rtml.predictions")) {
            var records = reader.await(r -> name.equals(r.key()), 3, WAIT);
            assertThat(records).extracting(r -> r.value()).anySatisfy(v -> assertThat(v).contains(
                    "\"requestId\":\"grpc-event/0\"", "\"route\":\"champion\"", "\"version\":1", "\"hour\":1.0"));
        }
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("rtml_inference_requests_total{model=\"" + name + "\""));
    }

    @Test
    void shouldMapRejectedRequestsToGrpcStatusCodesWithTheRestMessage() {
        String name = champion(34);

        StatusRuntimeException unknown = failure(as(Tokens.of(Roles.ADMIN)).modelInfer(typed("nobody-knows-grpc").build()));
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(unknown.getStatus().getDescription()).isEqualTo("Model 'nobody-knows-grpc' is not registered");

        StatusRuntimeException undeclared = failure(as(Tokens.of(Roles.ADMIN)).modelInfer(ModelInferRequest.newBuilder().setModelName(name)
                .addInputs(input("colour", "BYTES", 1).setContents(InferTensorContents.newBuilder().addBytesContents(utf8("red"))))
                .build()));
        assertThat(undeclared.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(undeclared.getStatus().getDescription()).contains("'colour' is not an input");

        StatusRuntimeException wrongField = failure(as(Tokens.of(Roles.ADMIN)).modelInfer(ModelInferRequest.newBuilder().setModelName(name)
                .addInputs(input("hour", "FP64", 1).setContents(InferTensorContents.newBuilder().addIntContents(7)))
                .build()));
        assertThat(wrongField.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(wrongField.getStatus().getDescription()).contains("'hour' is FP64", "another datatype");

        StatusRuntimeException shortRaw = failure(as(Tokens.of(Roles.ADMIN)).modelInfer(ModelInferRequest.newBuilder().setModelName(name)
                .addInputs(input("hour", "FP64", 1)).addRawInputContents(ByteString.copyFrom(new byte[5])).build()));
        assertThat(shortRaw.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(shortRaw.getStatus().getDescription()).contains("5 bytes, not a whole number of 8-byte FP64 values");

        StatusRuntimeException badVersion = failure(as(Tokens.of(Roles.ADMIN)).modelInfer(typed(name).setModelVersion("two").build()));
        assertThat(badVersion.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void shouldAnswerUnavailableWithRetryAfterWhenTheChampionCannotBeLoaded() {
        String name = RegistryFixture.corruptChampion("grpc");

        StatusRuntimeException infer = failure(as(Tokens.of(Roles.ADMIN)).modelInfer(typed(name).build()));
        assertThat(infer.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(infer.getStatus().getDescription()).contains(name + " v1 failed to load");
        assertThat(infer.getTrailers().get(GrpcErrors.RETRY_AFTER)).matches("[1-9][0-9]*");

        StatusRuntimeException metadata = failure(as(Tokens.of(Roles.ADMIN)).modelMetadata(ModelMetadataRequest.newBuilder().setName(name).build()));
        assertThat(metadata.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(await(as(Tokens.of(Roles.ADMIN)).modelReady(ModelReadyRequest.newBuilder().setName(name).build())).getReady()).isFalse();
    }

    @Test
    void shouldDescribeServerAndModelsAndTheirReadiness() {
        String name = champion(35);
        RegistryFixture.register(name, TestModels.logistic(36), 0.95, "[]");

        assertThat(await(as(Tokens.of(Roles.ADMIN)).serverLive(ServerLiveRequest.getDefaultInstance())).getLive()).isTrue();
        assertThat(await(as(Tokens.of(Roles.ADMIN)).serverReady(ServerReadyRequest.getDefaultInstance())).getReady()).isTrue();
        assertThat(await(as(Tokens.of(Roles.ADMIN)).serverMetadata(ServerMetadataRequest.getDefaultInstance())).getName()).isEqualTo("rtml-inference");

        ModelMetadataResponse metadata = await(as(Tokens.of(Roles.ADMIN)).modelMetadata(ModelMetadataRequest.newBuilder().setName(name).build()));
        assertThat(metadata.getName()).isEqualTo(name);
        assertThat(metadata.getVersionsList()).containsExactly("1", "2");
        assertThat(metadata.getPlatform()).isEqualTo("tribuo_cpu");
        assertThat(metadata.getInputsList()).extracting(t -> t.getName()).containsExactly("hour", "tz", "device");
        assertThat(metadata.getInputsList()).allSatisfy(t -> assertThat(t.getShapeList()).containsExactly(-1L));
        assertThat(metadata.getOutputsList()).extracting(t -> t.getName()).containsExactly("label", "scores");
        assertThat(await(as(Tokens.of(Roles.ADMIN)).modelMetadata(ModelMetadataRequest.newBuilder().setName(name).setVersion("2").build()))
                .getVersionsList()).containsExactly("2", "1");

        assertThat(await(as(Tokens.of(Roles.ADMIN)).modelReady(ModelReadyRequest.newBuilder().setName(name).build())).getReady()).isTrue();
        assertThat(failure(as(Tokens.of(Roles.ADMIN)).modelReady(ModelReadyRequest.newBuilder().setName("nobody-knows-grpc").build()))
                .getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(failure(as(Tokens.of(Roles.ADMIN)).modelMetadata(ModelMetadataRequest.getDefaultInstance())).getStatus().getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
}
