package io.rtml.features.rest;

import io.restassured.http.ContentType;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test data: unique entity and feature view names, so tests share one database without colliding. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String newEntity() {
        String name = unique("recipient");
        given().contentType(ContentType.JSON).body("{\"name\": \"" + name + "\", \"description\": \"an email recipient\"}")
                .when().post("/api/v1/entities").then().statusCode(201);
        return name;
    }

    /** A recipient_profile-like view (tz_offset FP64, device STRING, opens_30d INT64, is_vip BOOL). */
    public static String newView(Long ttlSeconds) {
        String entity = newEntity();
        String name = unique("recipient_profile");
        given().contentType(ContentType.JSON).body("""
                        {"name": "%s", "entity": "%s", %s "description": "recipient engagement",
                         "features": [{"name": "tz_offset", "type": "FP64"}, {"name": "device", "type": "STRING"},
                                      {"name": "opens_30d", "type": "INT64"}, {"name": "is_vip", "type": "BOOL"}]}"""
                        .formatted(name, entity, ttlSeconds == null ? "" : "\"ttlSeconds\": " + ttlSeconds + ","))
                .when().post("/api/v1/feature-views").then().statusCode(201);
        return name;
    }

    public static void ingest(String view, String rowsJson) {
        given().contentType(ContentType.JSON).body("{\"rows\": [" + rowsJson + "]}")
                .when().post("/api/v1/feature-views/" + view + "/rows").then().statusCode(200);
    }

    public static String row(String entityKey, Object eventTime, String valuesJson) {
        return "{\"entityKey\": \"" + entityKey + "\", \"eventTime\": \"" + eventTime + "\", \"values\": " + valuesJson + "}";
    }

    /** The sum of the {@code /q/metrics} samples whose line starts with {@code prefix} (name and first labels). */
    public static double metric(String prefix) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
