package io.rtml.inference.serving;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.PlatformTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.inference.RegistryFixture;
import io.rtml.inference.runtime.TestModels;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The online-feature cache against the real feature store, with a cache TTL far longer than the view's:
 * a cached value must still stop being served as present the moment its view's TTL runs out.
 */
@QuarkusTest
@TestProfile(FeatureCacheTest.CacheOn.class)
@WithTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "services", value = "REGISTRY,FEATURE_STORE"),
        @ResourceArg(name = "databaseSuffix", value = "_inference_cache_test")})
class FeatureCacheTest {

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static final int VIEW_TTL_SECONDS = 8;
    private static final String VIEW = "cached_timing";
    private static String name;
    private static Instant written;

    /** The cache on, with a TTL of a minute: only the view's TTL can end an entry early. */
    public static class CacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rtml.inference.feature-cache.enabled", "true", "rtml.inference.feature-cache.ttl", "60s");
        }
    }

    static String featureStoreUrl() {
        return ConfigProvider.getConfig().getValue("rtml.feature-store.url", String.class);
    }

    @BeforeAll
    static void registerModelAndFeatures() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
        given().baseUri(featureStoreUrl()).contentType(ContentType.JSON)
                .body("{\"name\": \"reader\", \"description\": \"an email recipient\"}")
                .when().post("/api/v1/entities").then().statusCode(201);
        given().baseUri(featureStoreUrl()).contentType(ContentType.JSON)
                .body("{\"name\": \"" + VIEW + "\", \"entity\": \"reader\", \"ttlSeconds\": " + VIEW_TTL_SECONDS
                        + ", \"features\": [{\"name\": \"hour\", \"type\": \"FP64\"}, {\"name\": \"tz\", \"type\": \"FP64\"},"
                        + "{\"name\": \"device\", \"type\": \"STRING\"}]}")
                .when().post("/api/v1/feature-views").then().statusCode(201);
        name = "cached-" + UUID.randomUUID().toString().substring(0, 8);
        RegistryFixture.createModel(name);
        RegistryFixture.register(name, TestModels.cart(5), 0.9,
                "[\"" + VIEW + ":hour\", \"" + VIEW + ":tz\", \"" + VIEW + ":device\"]");
        RegistryFixture.setChampion(name, 1);
    }

    private static double cacheHits() {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (line.startsWith("rtml_inference_feature_cache_total{") && line.contains("result=\"hit\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static io.restassured.response.ValidatableResponse predictR1() {
        return given().contentType(ContentType.JSON).body("{\"instances\": [{\"entityKey\": \"c1\"}]}")
                .when().post("/api/v1/predict/" + name).then().statusCode(200);
    }

    @Test
    void shouldNeverServeACachedValuePastItsViewsTtl() throws Exception {

        // The first reads load the model and learn the view's TTL (a cold JVM on a busy machine may need a
        // few tries); from then on the value is cached.
        Instant warm = Instant.now().plusSeconds(60);
        while (given().contentType(ContentType.JSON).body("{\"instances\": [{\"entityKey\": \"warm-up\"}]}")
                .when().post("/api/v1/predict/" + name).statusCode() != 200 && Instant.now().isBefore(warm)) {
            Thread.sleep(500);
        }
        written = Instant.now().minusSeconds(2);
        given().baseUri(featureStoreUrl()).contentType(ContentType.JSON)
                .body("{\"rows\": [{\"entityKey\": \"c1\", \"eventTime\": \"" + written
                        + "\", \"values\": {\"hour\": 20, \"tz\": 3, \"device\": \"desktop\"}}]}")
                .when().post("/api/v1/feature-views/" + VIEW + "/rows").then().statusCode(200);
        predictR1().body("predictions[0].staleFeatures", hasSize(0));
        double hitsBefore = cacheHits();
        Instant deadline = Instant.now().plusSeconds(5);
        while (cacheHits() == hitsBefore && Instant.now().isBefore(deadline)) {
            predictR1().body("predictions[0].missingFeatures", hasSize(0)).body("predictions[0].staleFeatures", hasSize(0));
            Thread.sleep(100);
        }
        assertThat(cacheHits()).as("the value was served from the cache").isGreaterThan(hitsBefore);

        // Past the view's TTL the value is stale, although the cache's own TTL (60 s) has not run out.
        Duration untilStale = Duration.between(Instant.now(), written.plusSeconds(VIEW_TTL_SECONDS).plusMillis(500));
        if (!untilStale.isNegative()) {
            Thread.sleep(untilStale.toMillis());
        }
        predictR1().body("predictions[0].staleFeatures", equalTo(java.util.List.of("hour", "tz", "device")));
    }

    @Test
    void shouldCutAnEntrysLifetimeToWhatIsLeftOfItsViewsTtl() {
        long second = 1_000_000_000L;
        assertThat(OnlineFeatureCache.lifetimeNanos(60 * second, java.util.OptionalLong.of(10),
                new io.rtml.inference.client.OnlineFeatures.Value(1.0, "PRESENT", null, 9.5)))
                .isEqualTo(second / 2);
        assertThat(OnlineFeatureCache.lifetimeNanos(2 * second, java.util.OptionalLong.of(10),
                new io.rtml.inference.client.OnlineFeatures.Value(1.0, "PRESENT", null, 1.0)))
                .isEqualTo(2 * second);
        assertThat(OnlineFeatureCache.lifetimeNanos(2 * second, java.util.OptionalLong.empty(),
                new io.rtml.inference.client.OnlineFeatures.Value(1.0, "PRESENT", null, 1e6)))
                .isEqualTo(2 * second);
        assertThat(OnlineFeatureCache.lifetimeNanos(2 * second, java.util.OptionalLong.of(10),
                new io.rtml.inference.client.OnlineFeatures.Value(1.0, "PRESENT", null, 11.0)))
                .isZero();
    }
}
