package io.rtml.devstack;

import java.time.Duration;

import static io.restassured.RestAssured.given;

/** Waiting, in tests, for a service's endpoint to answer a status: readiness going DOWN in an outage and UP after. */
public final class HttpPolling {

    private static final long PAUSE_MILLIS = 250;

    private HttpPolling() {
    }

    /** Polls {@code path} on the service under test until it answers {@code status}; fails naming what it saw last. */
    public static void awaitStatus(String path, int status, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int seen = given().when().get(path).statusCode();
        while (seen != status && System.nanoTime() < deadline) {
            Thread.sleep(PAUSE_MILLIS);
            seen = given().when().get(path).statusCode();
        }
        if (seen != status) {
            throw new AssertionError(path + " answered " + seen + ", not " + status + ", for " + within);
        }
    }
}
