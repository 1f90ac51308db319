package io.rtml.inference.routing;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.PlatformTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.runtime.TestModels;
import io.rtml.inference.serving.ServingMetrics;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Serving by subscription, against real registry and feature-store processes: a tenant is served the version of
 * the alias it follows, a change of subscription or alias reaches inference as a lifecycle event, an unknown
 * tenant is a 404 and a model outside the bundle a 403, and a bundle call answers every model of the tenant's
 * bundle for every key from one feature-store read, each as its own predict call would.
 */
@QuarkusTest
@WithTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "services", value = "REGISTRY,FEATURE_STORE"),
        @ResourceArg(name = "databaseSuffix", value = "_inference_tenant_test")})
class TenantServingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String VIEW = "tenant_timing_" + RUN;
    private static final String DEVICE_VIEW = "tenant_device_" + RUN;
    private static String model;
    private static String second;

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static String featureStoreUrl() {
        return ConfigProvider.getConfig().getValue("rtml.feature-store.url", String.class);
    }

    @BeforeAll
    static void modelsTenantsAndFeatures() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        given().baseUri(featureStoreUrl()).contentType(ContentType.JSON)
                .body("{\"name\": \"recipient\", \"description\": \"an email recipient\"}")
                .when().post("/api/v1/entities").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(409)));
        view(VIEW, "{\"name\": \"hour\", \"type\": \"FP64\"}, {\"name\": \"tz\", \"type\": \"FP64\"}");
        view(DEVICE_VIEW, "{\"name\": \"device\", \"type\": \"STRING\"}");
        String now = Instant.now().toString();
        rows(VIEW, "{\"entityKey\": \"k1\", \"eventTime\": \"" + now + "\", \"values\": {\"hour\": 1, \"tz\": 0}},"
                + "{\"entityKey\": \"k2\", \"eventTime\": \"" + now + "\", \"values\": {\"hour\": 20, \"tz\": 3}}");
        rows(DEVICE_VIEW, "{\"entityKey\": \"k1\", \"eventTime\": \"" + now + "\", \"values\": {\"device\": \"mobile\"}},"
                + "{\"entityKey\": \"k2\", \"eventTime\": \"" + now + "\", \"values\": {\"device\": \"desktop\"}}");
        String refs = "[\"" + VIEW + ":hour\", \"" + VIEW + ":tz\", \"" + DEVICE_VIEW + ":device\"]";

        // model: champion v1, alias beta on v2. second: champion v1 only, reading the same views.
        model = "tenant-" + RUN;
        RegistryFixture.createModel(model);
        RegistryFixture.register(model, TestModels.cart(31), 0.9, refs);
        RegistryFixture.register(model, TestModels.cart(32), 0.9, refs);
        RegistryFixture.setChampion(model, 1);
        alias(model, "beta", 2);
        second = "tenant-second-" + RUN;
        RegistryFixture.createModel(second);
        RegistryFixture.register(second, TestModels.cart(33), 0.9, "[\"" + VIEW + ":hour\", \"" + VIEW + ":tz\"]");
        RegistryFixture.setChampion(second, 1);

        tenant("champ-" + RUN, model, "champion");
        tenant("beta-" + RUN, model, "beta");
        tenant("other-" + RUN, second, "champion");
        tenant("bundle-" + RUN, model, "beta");
        subscribe("bundle-" + RUN, second, "champion");
    }

    @Test
    void shouldServeEachTenantTheVersionOfTheAliasItFollows() {
        assertThat(predict("champ-" + RUN).getInt("version")).isEqualTo(1);
        JsonPath beta = predict("beta-" + RUN);
        assertThat(beta.getInt("version")).isEqualTo(2);
        assertThat(beta.getList("predictions.version", Integer.class)).containsOnly(2);
        assertThat(beta.getString("route")).isEqualTo("challenger");
        // A tenant token gets its own tenant's version, whatever the body names.
        JsonPath asTenant = given().auth().oauth2(Tokens.tenant("beta-" + RUN)).contentType(ContentType.JSON)
                .body(body("champ-" + RUN)).when().post("/api/v1/predict/" + model)
                .then().statusCode(200).extract().jsonPath();
        assertThat(asTenant.getInt("version")).isEqualTo(2);
        // No tenant: the champion.
        assertThat(given().contentType(ContentType.JSON).body("{\"instances\": [{\"entityKey\": \"k1\"}]}")
                .when().post("/api/v1/predict/" + model).then().statusCode(200).extract().jsonPath().getInt("version"))
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseAnUnknownTenantWith404AndAModelOutsideTheBundleWith403() {
        given().contentType(ContentType.JSON).body(body("nobody-" + RUN)).when().post("/api/v1/predict/" + model)
                .then().statusCode(404).body("error", equalTo("Tenant 'nobody-" + RUN + "' is not registered"));
        given().contentType(ContentType.JSON).body(body("other-" + RUN)).when().post("/api/v1/predict/" + model)
                .then().statusCode(403).body("error", equalTo("Tenant 'other-" + RUN + "' does not subscribe to model '"
                        + model + "'"));
    }

    @Test
    void shouldFollowSubscriptionAndAliasChangesFromTheRegistrysEvents() throws Exception {
        String tenant = "moving-" + RUN;
        tenant(tenant, model, "champion");
        assertThat(predict(tenant).getInt("version")).isEqualTo(1);

        subscribe(tenant, model, "beta");
        awaitVersion(tenant, v -> v == 2);

        String moved = "moving-model-" + RUN;
        RegistryFixture.createModel(moved);
        RegistryFixture.register(moved, TestModels.cart(34), 0.9, "[]");
        RegistryFixture.register(moved, TestModels.cart(35), 0.9, "[]");
        RegistryFixture.setChampion(moved, 1);
        alias(moved, "beta", 1);
        subscribe(tenant, moved, "beta");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (predictStatus(tenant, moved) != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(predictRaw(tenant, moved).getInt("version")).as("once the new subscription's event arrived").isEqualTo(1);
        alias(moved, "beta", 2);
        deadline = System.nanoTime() + WAIT.toNanos();
        int seen = predictRaw(tenant, moved).getInt("version");
        while (seen != 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = predictRaw(tenant, moved).getInt("version");
        }
        assertThat(seen).as("version after beta moved to v2").isEqualTo(2);

        given().baseUri(RegistryFixture.registryUrl()).when().delete("/api/v1/tenants/" + tenant + "/subscriptions/" + moved)
                .then().statusCode(204);
        deadline = System.nanoTime() + WAIT.toNanos();
        int status = predictStatus(tenant, moved);
        while (status != 403 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = predictStatus(tenant, moved);
        }
        assertThat(status).as("predict after the tenant dropped the model").isEqualTo(403);
    }

    @Test
    void shouldAnswerEveryModelOfTheBundleForEveryKeyFromOneFeatureStoreRead() {
        String tenant = "bundle-" + RUN;
        double readsBefore = metric(ServingMetrics.FEATURE_READS);
        JsonPath bundle = given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"entityKey\": \"k1\", \"requestId\": \"b1\"}, {\"entityKey\": \"k2\"}]}")
                .when().post("/api/v1/tenants/" + tenant + "/predict").then().statusCode(200).extract().jsonPath();
        double reads = metric(ServingMetrics.FEATURE_READS) - readsBefore;
        assertThat(reads).as("feature-store reads for a two-model bundle").isEqualTo(1.0);

        assertThat(bundle.getString("tenant")).isEqualTo(tenant);
        assertThat(bundle.getList("models.model", String.class)).containsExactlyInAnyOrder(model, second);
        for (String name : List.of(model, second)) {
            String at = "models[" + bundle.getList("models.model", String.class).indexOf(name) + "]";
            assertThat(bundle.getList(at + ".predictions")).hasSize(2);
            assertThat(bundle.getString(at + ".predictions[0].requestId")).isEqualTo("b1");
            // Each model answers as its own predict call for this tenant would: same version, same outputs.
            JsonPath alone = predictRaw(tenant, name, "{\"instances\": [{\"entityKey\": \"k1\"}, {\"entityKey\": \"k2\"}]}");
            assertThat(bundle.getInt(at + ".version")).isEqualTo(alone.getInt("version"));
            assertThat(bundle.getList(at + ".predictions.output", String.class))
                    .isEqualTo(alone.getList("predictions.output", String.class));
            assertThat(bundle.getList(at + ".predictions.missingFeatures.flatten()", String.class))
                    .isEqualTo(alone.getList("predictions.missingFeatures.flatten()", String.class));
        }
        // Only this model's features fill its rows: second reads no device view, so device stays missing for it.
        assertThat(bundle.getList("models[" + bundle.getList("models.model", String.class).indexOf(second)
                + "].predictions.missingFeatures.flatten()", String.class)).containsOnly("device");
        assertThat(bundle.getInt("models[" + bundle.getList("models.model", String.class).indexOf(model) + "].version"))
                .as("the bundle serves the alias the tenant follows").isEqualTo(2);

        given().contentType(ContentType.JSON).body("{\"instances\": [{\"entityKey\": \"k1\"}]}")
                .when().post("/api/v1/tenants/nobody-" + RUN + "/predict").then().statusCode(404);
        given().auth().oauth2(Tokens.tenant("champ-" + RUN)).contentType(ContentType.JSON)
                .body("{\"instances\": [{\"entityKey\": \"k1\"}]}")
                .when().post("/api/v1/tenants/" + tenant + "/predict").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"instances\": []}")
                .when().post("/api/v1/tenants/" + tenant + "/predict").then().statusCode(400);
    }

    private static void awaitVersion(String tenant, Predicate<Integer> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = predict(tenant).getInt("version");
        while (!wanted.test(seen) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = predict(tenant).getInt("version");
        }
        assertThat(wanted.test(seen)).as(tenant + " now served v" + seen).isTrue();
    }

    private static String body(String tenant) {
        return "{\"tenant\": \"" + tenant + "\", \"instances\": [{\"entityKey\": \"k1\"}]}";
    }

    private static JsonPath predict(String tenant) {
        return predictRaw(tenant, model);
    }

    private static JsonPath predictRaw(String tenant, String name) {
        return given().contentType(ContentType.JSON).body(body(tenant)).when().post("/api/v1/predict/" + name)
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath predictRaw(String tenant, String name, String instancesBody) {
        String withTenant = "{\"tenant\": \"" + tenant + "\", " + instancesBody.substring(1);
        return given().contentType(ContentType.JSON).body(withTenant).when().post("/api/v1/predict/" + name)
                .then().statusCode(200).extract().jsonPath();
    }

    private static int predictStatus(String tenant, String name) {
        return given().contentType(ContentType.JSON).body(body(tenant)).when().post("/api/v1/predict/" + name).statusCode();
    }

    private static void view(String name, String features) {
        given().baseUri(featureStoreUrl()).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"entity\": \"recipient\", \"ttlSeconds\": 86400, \"features\": ["
                        + features + "]}")
                .when().post("/api/v1/feature-views").then().statusCode(201);
    }

    private static void rows(String view, String rows) {
        given().baseUri(featureStoreUrl()).contentType(ContentType.JSON).body("{\"rows\": [" + rows + "]}")
                .when().post("/api/v1/feature-views/" + view + "/rows").then().statusCode(200);
    }

    private static void alias(String name, String alias, int version) {
        given().baseUri(RegistryFixture.registryUrl()).contentType(ContentType.JSON).body("{\"version\": " + version + "}")
                .when().put("/api/v1/models/" + name + "/aliases/" + alias).then().statusCode(200);
    }

    private static void tenant(String id, String name, String alias) {
        given().baseUri(RegistryFixture.registryUrl()).contentType(ContentType.JSON)
                .body("{\"id\": \"" + id + "\", \"name\": \"" + id + "\"}")
                .when().post("/api/v1/tenants").then().statusCode(201);
        subscribe(id, name, alias);
    }

    private static void subscribe(String tenant, String name, String alias) {
        given().baseUri(RegistryFixture.registryUrl()).contentType(ContentType.JSON).body("{\"alias\": \"" + alias + "\"}")
                .when().put("/api/v1/tenants/" + tenant + "/subscriptions/" + name).then().statusCode(200);
    }

    private static double metric(String name) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
