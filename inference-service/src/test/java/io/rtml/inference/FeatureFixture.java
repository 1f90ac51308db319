package io.rtml.inference;

import io.restassured.http.ContentType;

import java.time.Instant;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;

/** Puts a recipient timing view (hour, tz, device) and its rows in a real feature-store process. */
public final class FeatureFixture {

    private FeatureFixture() {
    }

    /** The entity {@code recipient} and the view; answers the view's feature refs as a JSON list. */
    public static String createTimingView(String featureStoreUrl, String view) {
        given().baseUri(featureStoreUrl).contentType(ContentType.JSON)
                .body("{\"name\": \"recipient\", \"description\": \"an email recipient\"}")
                .when().post("/api/v1/entities").then().statusCode(201);
        given().baseUri(featureStoreUrl).contentType(ContentType.JSON)
                .body("{\"name\": \"" + view + "\", \"entity\": \"recipient\", \"ttlSeconds\": 86400, \"features\": ["
                        + "{\"name\": \"hour\", \"type\": \"FP64\"}, {\"name\": \"tz\", \"type\": \"FP64\"},"
                        + "{\"name\": \"device\", \"type\": \"STRING\"}]}")
                .when().post("/api/v1/feature-views").then().statusCode(201);
        return "[\"" + view + ":hour\", \"" + view + ":tz\", \"" + view + ":device\"]";
    }

    /** Rows for keys {@code key(0) .. key(count - 1)}, written now, in one batch. */
    public static void writeRows(String featureStoreUrl, String view, int count, IntFunction<String> key) {
        String now = Instant.now().toString();
        String rows = IntStream.range(0, count).mapToObj(i -> "{\"entityKey\": \"" + key.apply(i) + "\", \"eventTime\": \""
                        + now + "\", \"values\": {\"hour\": " + (i % 24) + ", \"tz\": " + (i % 5) + ", \"device\": \"mobile\"}}")
                .collect(Collectors.joining(",", "{\"rows\": [", "]}"));
        given().baseUri(featureStoreUrl).contentType(ContentType.JSON).body(rows)
                .when().post("/api/v1/feature-views/" + view + "/rows").then().statusCode(200);
    }
}
