package io.rtml.registry.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.devstack.TopicReader;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static io.rtml.registry.rest.ModelRegistryResourceTest.metadata;
import static io.rtml.registry.rest.ModelRegistryResourceTest.newModel;
import static io.rtml.registry.rest.ModelRegistryResourceTest.register;
import static io.rtml.registry.rest.TenantSubscriptionResourceTest.setAlias;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class VersionArchiveResourceTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    static String modelWithTwoVersions() {
        String model = newModel();
        register(model, "a".getBytes(StandardCharsets.UTF_8), metadata(0.80));
        register(model, "b".getBytes(StandardCharsets.UTF_8), metadata(0.85));
        return model;
    }

    static void archive(String model, int version, int status) {
        given().auth().oauth2(Tokens.minted("alice", Set.of(Roles.OPERATOR), null)).contentType(ContentType.JSON).body("{\"actor\": \"forged\", \"reason\": \"superseded\"}")
                .when().post("/api/v1/models/" + model + "/versions/" + version + "/archive")
                .then().statusCode(status);
    }

    @Test
    void shouldArchiveAVersionAndLeaveItOutOnlyWhenAsked() {
        String model = modelWithTwoVersions();
        given().auth().oauth2(Tokens.minted("alice", Set.of(Roles.OPERATOR), null)).contentType(ContentType.JSON).body("{\"actor\": \"forged\", \"reason\": \"superseded\"}")
                .when().post("/api/v1/models/" + model + "/versions/1/archive")
                .then().statusCode(200)
                .body("version", equalTo(1)).body("archived", equalTo(true)).body("archivedAt", notNullValue())
                .body("sizeBytes", equalTo(1));

        given().when().get("/api/v1/models/" + model + "/versions")
                .then().statusCode(200).body("archived", equalTo(List.of(true, false)))
                .body("[1].archivedAt", nullValue());
        given().when().get("/api/v1/models/" + model + "/versions?includeArchived=false")
                .then().statusCode(200).body("version", equalTo(List.of(2)));
        given().when().get("/api/v1/models/" + model + "/versions/1")
                .then().statusCode(200).body("archived", equalTo(true)).body("archivedAt", notNullValue());
        given().when().get("/api/v1/models/" + model + "/versions/1/artifact").then().statusCode(200);

        given().when().get("/api/v1/models/" + model + "/audit")
                .then().statusCode(200)
                .body("[2].type", equalTo("archived")).body("[2].actor", equalTo("alice"))
                .body("[2].details.reason", equalTo("superseded"));
        archive(model, 1, 409);
        archive(model, 9, 404);
    }

    @Test
    void shouldRefuseToArchiveAVersionWhileAnAliasPointsAtIt() {
        String model = modelWithTwoVersions();
        setAlias(model, "champion", 1);
        setAlias(model, "challenger", 1);
        given().auth().oauth2(Tokens.minted("alice", Set.of(Roles.OPERATOR), null)).contentType(ContentType.JSON).body("{\"actor\": \"forged\"}")
                .when().post("/api/v1/models/" + model + "/versions/1/archive")
                .then().statusCode(409)
                .body("error", containsString("alias 'challenger', 'champion' points at it"))
                .body("details.aliases", equalTo(List.of("challenger", "champion")));
        given().when().get("/api/v1/models/" + model + "/versions/1").then().body("archived", equalTo(false));
        given().when().get("/api/v1/models/" + model + "/audit").then().body("type", hasSize(4));
    }

    @Test
    void shouldRefuseToPointAnyAliasAtAnArchivedVersion() {
        String model = modelWithTwoVersions();
        archive(model, 1, 200);
        given().contentType(ContentType.JSON).body("{\"version\": 1}")
                .when().put("/api/v1/models/" + model + "/aliases/champion")
                .then().statusCode(409).body("error", containsString("is archived"))
                .body("error", containsString("'champion'"));
        given().contentType(ContentType.JSON).body("{\"version\": 1}")
                .when().put("/api/v1/models/" + model + "/aliases/challenger")
                .then().statusCode(409).body("error", containsString("is archived"));
        given().when().get("/api/v1/models/" + model + "/aliases").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void shouldRefuseToRollBackToAnArchivedChampion() {
        String model = modelWithTwoVersions();
        setAlias(model, "champion", 1);
        setAlias(model, "champion", 2);
        archive(model, 1, 200);
        given().auth().oauth2(Tokens.minted("oncall", Set.of(Roles.OPERATOR), null)).contentType(ContentType.JSON).body("{\"actor\": \"forged\", \"reason\": \"drift\"}")
                .when().post("/api/v1/models/" + model + "/rollback")
                .then().statusCode(409).body("error", containsString("is archived"));
        given().when().get("/api/v1/models/" + model + "/aliases").then().body("champion", equalTo(2));
    }

    @Test
    void shouldEmitArchivedOnTheLifecycleTopic() {
        String model = modelWithTwoVersions();
        archive(model, 2, 200);
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicReader reader = new TopicReader(bootstrap, "rtml.model-lifecycle")) {
            var records = reader.await(r -> model.equals(r.key()) && r.value().contains("\"type\":\"archived\""), 1,
                    Duration.ofSeconds(30));
            assertThat(records.get(0).value()).contains("\"version\":2", "\"actor\":\"alice\"");
        }
    }
}
