package io.rtml.inference.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.Topics;
import io.rtml.contracts.event.InferenceRequestEvent;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.PlatformTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicReader;
import io.rtml.devstack.TopicWriter;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.grpc.v2.GRPCInferenceService;
import io.rtml.inference.runtime.TestModels;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.rtml.inference.grpc.OpenInferenceGrpcServiceTest.await;
import static io.rtml.inference.grpc.OpenInferenceGrpcServiceTest.failure;
import static io.rtml.inference.grpc.OpenInferenceGrpcServiceTest.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Tenant A's token uses only A's bundle and acts only for A, on REST, gRPC and the stream alike; a
 * tenant named in a body is ignored in favour of the token's. Same resources as
 * {@link OpenInferenceGrpcServiceTest}, so both run in one application start.
 */
@QuarkusTest
@WithTestResource(GrpcTestPort.class)
@WithTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "services", value = "REGISTRY"),
        @ResourceArg(name = "databaseSuffix", value = "_grpc_oip_test")})
class TenantIsolationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ROW = "{\"hour\": 1, \"tz\": 0, \"device\": \"mobile\"}";
    private static String subscribed;
    private static String other;
    private static String tenantA;
    private static String tenantB;

    @GrpcClient("oip")
    GRPCInferenceService client;

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    @BeforeAll
    static void twoTenantsWithDifferentBundles() throws Exception {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        subscribed = "iso-a-" + RUN;
        other = "iso-b-" + RUN;
        for (String model : new String[] {subscribed, other}) {
            RegistryFixture.createModel(model);
            RegistryFixture.register(model, TestModels.cart(3), 0.9, "[]");
            RegistryFixture.setChampion(model, 1);
        }
        tenantA = "tenant-a-" + RUN;
        tenantB = "tenant-b-" + RUN;
        for (String tenant : new String[] {tenantA, tenantB}) {
            given().baseUri(RegistryFixture.registryUrl()).contentType(ContentType.JSON)
                    .body("{\"id\": \"" + tenant + "\", \"name\": \"" + tenant + "\"}")
                    .when().post("/api/v1/tenants").then().statusCode(201);
        }
        given().baseUri(RegistryFixture.registryUrl()).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/tenants/" + tenantA + "/subscriptions/" + subscribed).then().statusCode(200);
        given().baseUri(RegistryFixture.registryUrl()).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/tenants/" + tenantB + "/subscriptions/" + other).then().statusCode(200);
    }

    private GRPCInferenceService as(String token) {
        return OpenInferenceGrpcServiceTest.withToken(client, token);
    }

    private static String predictBody(String requestId, String claimedTenant) {
        return "{\"tenant\": \"" + claimedTenant + "\", \"instances\": [{\"requestId\": \"" + requestId
                + "\", \"features\": " + ROW + "}]}";
    }

    @Test
    void shouldLetATenantPredictOnlyWithModelsOfItsBundle() {
        given().auth().oauth2(Tokens.tenant(tenantA)).contentType(ContentType.JSON).body(predictBody("own-" + RUN, tenantA))
                .when().post("/api/v1/predict/" + subscribed).then().statusCode(200);
        given().auth().oauth2(Tokens.tenant(tenantA)).contentType(ContentType.JSON).body(predictBody("theirs-" + RUN, tenantA))
                .when().post("/api/v1/predict/" + other)
                .then().statusCode(403).body("error", equalTo("Tenant '" + tenantA + "' does not subscribe to model '" + other + "'"));
        given().auth().oauth2(Tokens.tenant(tenantA)).contentType(ContentType.JSON)
                .body("{\"inputs\": [{\"name\": \"hour\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]}")
                .when().post("/v2/models/" + other + "/infer").then().statusCode(403);
        given().auth().oauth2(Tokens.tenant(tenantA)).when().get("/v2/models/" + other).then().statusCode(403);
        given().auth().oauth2(Tokens.tenant(tenantA)).when().get("/v2/models/" + subscribed).then().statusCode(200);
        given().auth().oauth2(Tokens.tenant(tenantA)).when().get("/api/v1/models").then().statusCode(403);
        given().auth().oauth2(Tokens.tenant("nobody-" + RUN)).contentType(ContentType.JSON).body(predictBody("ghost-" + RUN, "x"))
                .when().post("/api/v1/predict/" + subscribed)
                .then().statusCode(404).body("error", containsString("is not registered"));
    }

    @Test
    void shouldIgnoreAForgedTenantInTheBodyInFavourOfTheTokens() throws Exception {
        String requestId = "forged-" + RUN;
        given().auth().oauth2(Tokens.tenant(tenantA)).contentType(ContentType.JSON).body(predictBody(requestId, tenantB))
                .when().post("/api/v1/predict/" + subscribed).then().statusCode(200);
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicReader reader = new TopicReader(bootstrap, Topics.PREDICTIONS)) {
            JsonNode event = JSON.readTree(reader.await(r -> r.value().contains("\"requestId\":\"" + requestId + "\""), 1, WAIT)
                    .get(0).value());
            assertThat(event.get("tenant").asText()).isEqualTo(tenantA);
        }
    }

    @Test
    void shouldKeepEachTenantsJobsToItself() {
        String id = given().auth().oauth2(Tokens.tenant(tenantA)).contentType(ContentType.JSON)
                .body("{\"model\": \"" + subscribed + "\", \"tenant\": \"" + tenantB + "\", \"entityKeys\": [\"k1\"]}")
                .when().post("/api/v1/jobs").then().statusCode(201).body("tenant", equalTo(tenantA)).extract().path("id");
        given().auth().oauth2(Tokens.tenant(tenantA)).when().get("/api/v1/jobs/" + id).then().statusCode(200);
        given().auth().oauth2(Tokens.tenant(tenantB)).when().get("/api/v1/jobs/" + id).then().statusCode(403);
        given().auth().oauth2(Tokens.tenant(tenantB)).when().delete("/api/v1/jobs/" + id).then().statusCode(403);
        given().auth().oauth2(Tokens.tenant(tenantB)).when().get("/api/v1/jobs?size=100")
                .then().statusCode(200).body("items.findAll { it.tenant != '" + tenantB + "' }.size()", equalTo(0));
        given().auth().oauth2(Tokens.tenant(tenantB)).contentType(ContentType.JSON)
                .body("{\"model\": \"" + subscribed + "\", \"entityKeys\": [\"k1\"]}")
                .when().post("/api/v1/jobs").then().statusCode(403);
    }

    @Test
    void shouldApplyTheSameRulesToGrpcCalls() {
        assertThat(await(as(Tokens.tenant(tenantA)).modelInfer(typed(subscribed).build())).getModelName()).isEqualTo(subscribed);
        assertThat(failure(as(Tokens.tenant(tenantA)).modelInfer(typed(other).build())).getStatus().getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(failure(client.modelInfer(typed(subscribed).build())).getStatus().getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(failure(as(Tokens.expired(Roles.ADMIN)).modelInfer(typed(subscribed).build())).getStatus().getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void shouldAnswerStreamRequestsOnlyForTheProducersTenantAndBundle() throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        Map<String, Object> row = JSON.readValue(ROW, Map.class);
        String own = "s-own-" + RUN;
        String theirs = "s-theirs-" + RUN;
        String anonymous = "s-anon-" + RUN;
        try (KafkaProducer<String, String> producer = TopicWriter.stringProducer(bootstrap)) {
            send(producer, new InferenceRequestEvent(own, tenantB, subscribed, null, row), Tokens.tenant(tenantA));
            send(producer, new InferenceRequestEvent(theirs, tenantA, other, null, row), Tokens.tenant(tenantA));
            send(producer, new InferenceRequestEvent(anonymous, null, subscribed, null, row), null);
        }
        try (TopicReader reader = new TopicReader(bootstrap, Topics.INFERENCE_RESULTS)) {
            Map<String, JsonNode> results = new java.util.HashMap<>();
            for (var r : reader.await(r -> r.key().endsWith(RUN) && r.key().startsWith("s-"), 3, WAIT)) {
                results.put(r.key(), JSON.readTree(r.value()));
            }
            assertThat(results.get(own).get("error").isNull()).isTrue();
            assertThat(results.get(theirs).get("error").asText()).startsWith("403: Tenant '" + tenantA + "' does not subscribe");
            assertThat(results.get(anonymous).get("error").asText()).startsWith("401: ");
        }
        try (TopicReader reader = new TopicReader(bootstrap, Topics.PREDICTIONS)) {
            JsonNode event = JSON.readTree(reader.await(r -> r.value().contains("\"requestId\":\"" + own + "\""), 1, WAIT)
                    .get(0).value());
            assertThat(event.get("tenant").asText()).isEqualTo(tenantA);
        }
    }

    private static void send(KafkaProducer<String, String> producer, InferenceRequestEvent request, String token) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INFERENCE_REQUESTS, request.requestId(),
                JSON.writeValueAsString(request));
        if (token != null) {
            record.headers().add("authorization", ("Bearer " + token).getBytes(StandardCharsets.US_ASCII));
        }
        producer.send(record).get();
    }
}
