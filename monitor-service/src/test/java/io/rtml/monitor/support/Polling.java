package io.rtml.monitor.support;

import io.restassured.path.json.JsonPath;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;

/** Test helper: polls a GET endpoint of the monitor until its JSON answer matches. */
public final class Polling {

    private Polling() {
    }

    /** The first 200 answer of {@code path} that {@code done} accepts within 60 s. */
    public static JsonPath awaitJson(String path, Predicate<JsonPath> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonPath last = null;
        while (Instant.now().isBefore(deadline)) {
            var response = given().when().get(path);
            if (response.statusCode() == 200) {
                last = response.jsonPath();
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("No matching answer from " + path + " within 60s; last: " + (last == null ? null : last.prettify()));
    }

    /** Polls {@code /q/metrics} until {@code done} accepts its text, within 60 s. */
    public static String awaitMetrics(Predicate<String> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            last = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("/q/metrics never matched within 60s");
    }
}
