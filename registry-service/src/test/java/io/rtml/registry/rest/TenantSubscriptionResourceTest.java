package io.rtml.registry.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.rtml.registry.rest.ModelRegistryResourceTest.metadata;
import static io.rtml.registry.rest.ModelRegistryResourceTest.newModel;
import static io.rtml.registry.rest.ModelRegistryResourceTest.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class TenantSubscriptionResourceTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    static String newTenant(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body("{\"id\": \"" + id + "\", \"name\": \"Acme Retail\", \"industry\": \"retail\", \"tier\": \"premium\"}")
                .when().post("/api/v1/tenants")
                .then().statusCode(201).body("id", equalTo(id));
        return id;
    }

    static void setAlias(String model, String alias, int version) {
        given().contentType(ContentType.JSON).body("{\"version\": " + version + "}")
                .when().put("/api/v1/models/" + model + "/aliases/" + alias).then().statusCode(200);
    }

    @Test
    void shouldCreateTenantsAndRejectDuplicateOrMalformedOnes() {
        String id = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"id\": \"" + id + "\", \"name\": \"Acme Retail\", \"industry\": \"retail\"}")
                .when().post("/api/v1/tenants")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/tenants/" + id))
                .body("tier", equalTo("standard"));
        given().when().get("/api/v1/tenants/" + id)
                .then().statusCode(200).body("name", equalTo("Acme Retail")).body("industry", equalTo("retail"));

        given().contentType(ContentType.JSON).body("{\"id\": \"" + id + "\", \"name\": \"Again\"}")
                .when().post("/api/v1/tenants").then().statusCode(409).body("error", containsString("already exists"));
        given().contentType(ContentType.JSON).body("{\"id\": \"Acme Retail!\", \"name\": \"Acme\"}")
                .when().post("/api/v1/tenants").then().statusCode(400).body("error", containsString("id"));
        given().contentType(ContentType.JSON).body("{\"id\": \"" + "a".repeat(65) + "\", \"name\": \"Acme\"}")
                .when().post("/api/v1/tenants").then().statusCode(400).body("error", containsString("id"));
        given().contentType(ContentType.JSON).body("{\"id\": \"gold-1\", \"name\": \"Gold\", \"tier\": \"gold\"}")
                .when().post("/api/v1/tenants").then().statusCode(400).body("error", containsString("tier"));
        given().contentType(ContentType.JSON).body("{\"id\": \"no-name\"}")
                .when().post("/api/v1/tenants").then().statusCode(400).body("error", containsString("name"));
        given().when().get("/api/v1/tenants/gold-1").then().statusCode(404)
                .body("error", equalTo("Tenant 'gold-1' does not exist"));
    }

    @Test
    void shouldPageThroughThousandsOfTenantsInIdOrder() {
        String prefix = "page-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(newTenant(prefix));
        }
        int total = given().when().get("/api/v1/tenants?size=2").then().statusCode(200)
                .body("page", equalTo(0)).body("size", equalTo(2)).body("items", hasSize(2))
                .extract().path("total");
        assertThat(total).isGreaterThanOrEqualTo(5);

        List<String> seen = new ArrayList<>();
        for (int page = 0; page * 2 < total; page++) {
            List<String> ids = given().when().get("/api/v1/tenants?page=" + page + "&size=2")
                    .then().statusCode(200).extract().path("items.id");
            assertThat(ids).hasSizeLessThanOrEqualTo(2);
            seen.addAll(ids);
        }
        assertThat(seen).hasSize(total).doesNotHaveDuplicates().isSorted().containsAll(created);
        given().when().get("/api/v1/tenants").then().statusCode(200).body("size", equalTo(100));

        given().when().get("/api/v1/tenants?size=1001").then().statusCode(400).body("error", containsString("size"));
        given().when().get("/api/v1/tenants?size=0").then().statusCode(400).body("error", containsString("size"));
        given().when().get("/api/v1/tenants?page=-1").then().statusCode(400).body("error", containsString("page"));
    }

    @Test
    void shouldResolveEachSubscriptionToTheVersionItsAliasPointsAt() {
        String tenant = newTenant("esp");
        String sendTime = newModel();
        String engagement = newModel();
        register(sendTime, "a".getBytes(StandardCharsets.UTF_8), metadata(0.80));
        register(sendTime, "b".getBytes(StandardCharsets.UTF_8), metadata(0.85));
        setAlias(sendTime, "champion", 1);

        given().when().put("/api/v1/tenants/" + tenant + "/subscriptions/" + sendTime)
                .then().statusCode(200)
                .body("tenant", equalTo(tenant)).body("model", equalTo(sendTime))
                .body("alias", equalTo("champion")).body("version", equalTo(1));
        given().contentType(ContentType.JSON).body("{\"alias\": \"challenger\"}")
                .when().put("/api/v1/tenants/" + tenant + "/subscriptions/" + engagement)
                .then().statusCode(200).body("alias", equalTo("challenger")).body("version", nullValue());

        setAlias(sendTime, "champion", 2);
        given().when().get("/api/v1/tenants/" + tenant + "/subscriptions")
                .then().statusCode(200).body("", hasSize(2))
                .body("find { it.model == '" + sendTime + "' }.version", equalTo(2))
                .body("find { it.model == '" + engagement + "' }.alias", equalTo("challenger"))
                .body("find { it.model == '" + engagement + "' }.version", nullValue());

        given().when().delete("/api/v1/tenants/" + tenant + "/subscriptions/" + engagement).then().statusCode(204);
        given().when().delete("/api/v1/tenants/" + tenant + "/subscriptions/" + engagement).then().statusCode(404)
                .body("error", containsString("is not subscribed"));
        given().when().get("/api/v1/tenants/" + tenant + "/subscriptions")
                .then().statusCode(200).body("model", equalTo(List.of(sendTime)));
    }

    @Test
    void shouldRejectSubscriptionsToUnknownTenantsModelsOrBadAliases() {
        String tenant = newTenant("esp");
        String model = newModel();
        given().when().put("/api/v1/tenants/no-such-tenant/subscriptions/" + model).then().statusCode(404)
                .body("error", equalTo("Tenant 'no-such-tenant' does not exist"));
        given().when().put("/api/v1/tenants/" + tenant + "/subscriptions/no-such-model").then().statusCode(404)
                .body("error", equalTo("Model 'no-such-model' does not exist"));
        given().contentType(ContentType.JSON).body("{\"alias\": \"Champion!\"}")
                .when().put("/api/v1/tenants/" + tenant + "/subscriptions/" + model).then().statusCode(400)
                .body("error", containsString("alias"));
        given().when().get("/api/v1/tenants/no-such-tenant/subscriptions").then().statusCode(404);
        given().when().get("/api/v1/tenants/" + tenant + "/subscriptions").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void shouldReplaceTheBundleAtOnceAndChangeNothingWhenAnyModelIsUnknown() {
        String tenant = newTenant("esp");
        String a = newModel();
        String b = newModel();
        String c = newModel();
        given().when().put("/api/v1/tenants/" + tenant + "/subscriptions/" + a).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"alias\": \"challenger\"}")
                .when().put("/api/v1/tenants/" + tenant + "/subscriptions/" + b).then().statusCode(200);

        given().contentType(ContentType.JSON).body("{\"models\": [\"" + b + "\", \"" + c + "\", \"" + c + "\"]}")
                .when().put("/api/v1/tenants/" + tenant + "/subscriptions")
                .then().statusCode(200)
                .body("model", equalTo(List.of(b, c).stream().sorted().toList()))
                .body("find { it.model == '" + b + "' }.alias", equalTo("challenger"))
                .body("find { it.model == '" + c + "' }.alias", equalTo("champion"));

        given().contentType(ContentType.JSON).body("{\"models\": [\"" + a + "\", \"nope-1\", \"nope-2\"]}")
                .when().put("/api/v1/tenants/" + tenant + "/subscriptions")
                .then().statusCode(400)
                .body("error", containsString("'nope-1', 'nope-2'"))
                .body("details", equalTo(List.of("nope-1", "nope-2")));
        given().when().get("/api/v1/tenants/" + tenant + "/subscriptions")
                .then().statusCode(200).body("model", equalTo(List.of(b, c).stream().sorted().toList()));

        given().contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/tenants/" + tenant + "/subscriptions").then().statusCode(400)
                .body("error", containsString("models"));
        given().contentType(ContentType.JSON).body("{\"models\": []}")
                .when().put("/api/v1/tenants/" + tenant + "/subscriptions").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void shouldPageThroughTheSubscribersOfAModel() {
        String model = newModel();
        List<String> tenants = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String tenant = newTenant("sub");
            tenants.add(tenant);
            given().when().put("/api/v1/tenants/" + tenant + "/subscriptions/" + model).then().statusCode(200);
        }
        List<String> sorted = tenants.stream().sorted().toList();
        given().when().get("/api/v1/models/" + model + "/subscribers?page=0&size=2")
                .then().statusCode(200)
                .body("total", equalTo(5)).body("items.tenant", equalTo(sorted.subList(0, 2)))
                .body("items[0].tier", equalTo("premium")).body("items[0].alias", equalTo("champion"));
        given().when().get("/api/v1/models/" + model + "/subscribers?page=2&size=2")
                .then().statusCode(200).body("items.tenant", equalTo(sorted.subList(4, 5)));
        given().when().get("/api/v1/models/" + model + "/subscribers?page=3&size=2")
                .then().statusCode(200).body("items", hasSize(0)).body("total", equalTo(5));
        given().when().get("/api/v1/models/" + model + "/subscribers?size=5000").then().statusCode(400);
        given().when().get("/api/v1/models/no-such-model/subscribers").then().statusCode(404);
    }
}
