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

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Many parallel creates of one name: exactly one 201, every other one a 409 that says the name exists. */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_registry_test"))
class ConcurrentCreateTest {

    private static final int PARALLEL = 24;

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private static List<Integer> racing(String path, String body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Integer>> calls = IntStream.range(0, PARALLEL).<Callable<Integer>>mapToObj(i -> () -> {
                start.await();
                return given().contentType(ContentType.JSON).body(body).when().post(path).then().extract().statusCode();
            }).toList();
            List<Future<Integer>> futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldAnswerExactlyOne201AndOnly409sToParallelCreatesOfOneModelName() throws Exception {
        for (int round = 0; round < 3; round++) {
            String name = "race-" + UUID.randomUUID().toString().substring(0, 8);
            List<Integer> statuses = racing("/api/v1/models", "{\"name\": \"" + name + "\"}");
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s != 201).containsOnly(409).hasSize(PARALLEL - 1);
            List<String> stored = given().when().get("/api/v1/models?q=" + name).then().statusCode(200).extract().path("name");
            assertThat(stored).containsExactly(name);
        }
    }

    @Test
    void shouldAnswerExactlyOne201AndOnly409sToParallelCreatesOfOneTenantId() throws Exception {
        String id = "race-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> statuses = racing("/api/v1/tenants", "{\"id\": \"" + id + "\", \"name\": \"Race\"}");
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s != 201).containsOnly(409);
    }
}
