package io.rtml.inference.service;

import io.rtml.common.rest.ApiException;
import io.rtml.inference.runtime.TestModels;
import io.rtml.inference.runtime.TribuoRuntime;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResidentModelsTest {

    private static final TribuoRuntime RUNTIME = TribuoRuntime.load(TestModels.protobufBytes(TestModels.cart(31)));
    /** Every model here is the same real model, so each weighs this many bytes. */
    private static final long SIZE = RUNTIME.residentBytes();

    private static LoadedModel model(String name) {
        return new LoadedModel(name, 1, "sha", RUNTIME, null, List.of(), List.of(), Instant.now());
    }

    /** A budget that holds {@code n} of the models and half of one more. */
    private static ResidentModels holding(int n, Set<String> pinned) {
        return new ResidentModels(n * SIZE + SIZE / 2, l -> pinned.contains(l.model()));
    }

    private static List<String> names(List<LoadedModel> models) {
        return models.stream().map(LoadedModel::model).sorted().toList();
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedModelWhenANewOneNeedsRoom() {
        ResidentModels set = holding(3, Set.of());
        set.admit(model("a"));
        set.admit(model("b"));
        set.admit(model("c"));
        set.get("a@1");

        ResidentModels.Admission admission = set.admit(model("d"));

        assertThat(names(admission.evicted())).containsExactly("b");
        assertThat(names(new ArrayList<>(set.all()))).containsExactly("a", "c", "d");
        assertThat(set.bytesInMemory()).isEqualTo(3 * SIZE).isLessThanOrEqualTo(set.budgetBytes());
    }

    @Test
    void shouldNeverEvictAPinnedModelEvenWhenItIsTheLeastRecentlyUsed() {
        ResidentModels set = holding(3, Set.of("a"));
        set.admit(model("a"));
        set.admit(model("b"));
        set.admit(model("c"));

        assertThat(names(set.admit(model("d")).evicted())).containsExactly("b");
        assertThat(names(set.admit(model("e")).evicted())).containsExactly("c");
        assertThat(set.peek("a@1")).isNotNull();
    }

    @Test
    void shouldRefuseAModelLargerThanTheWholeBudgetWith507NamingBothSizes() {
        ResidentModels set = new ResidentModels(SIZE / 2, l -> false);
        LoadedModel big = model("big");

        assertThatThrownBy(() -> set.admit(big)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(507);
            assertThat(e.getMessage()).contains("big v1 needs " + SIZE + " bytes", "budget of " + SIZE / 2 + " bytes");
            assertThat(e.details()).isEqualTo(Map.of("neededBytes", SIZE, "budgetBytes", SIZE / 2));
        });
        assertThat(big.closed()).isTrue();
        assertThat(set.all()).isEmpty();
    }

    @Test
    void shouldRefuseWith507WhenPinnedModelsLeaveTooLittleOfTheBudget() {
        ResidentModels set = holding(1, Set.of("a"));
        set.admit(model("a"));

        assertThatThrownBy(() -> set.admit(model("b"))).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(507);
            assertThat(e.getMessage()).contains("pinned models hold " + SIZE);
        });
    }

    @Test
    void shouldEvictAnIdleModelRatherThanOneAnsweringARequest() {
        ResidentModels set = holding(2, Set.of());
        LoadedModel a = set.admit(model("a")).serving();
        set.admit(model("b"));
        assertThat(a.tryAcquire()).isTrue();

        assertThat(names(set.admit(model("c")).evicted())).as("a is older but in use").containsExactly("b");
        a.release();
        assertThat(a.closed()).isFalse();
    }

    @Test
    void shouldCloseAnEvictedModelOnlyWhenItsLastRequestLetsGoAndCountItUntilThen() {
        ResidentModels set = holding(2, Set.of());
        LoadedModel a = set.admit(model("a")).serving();
        assertThat(a.tryAcquire()).isTrue();

        assertThat(set.evict("a@1")).isTrue();
        assertThat(a.closed()).isFalse();
        assertThat(set.bytesInMemory()).isEqualTo(SIZE);
        assertThat(a.runtime().predict(TestModels.rows(1, 1))).hasSize(1);

        a.release();
        assertThat(a.closed()).isTrue();
        assertThat(a.tryAcquire()).as("a closed model is never held again").isFalse();
        assertThat(set.bytesInMemory()).isZero();
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheRoomIsHeldByModelsAnsweringRequests() {
        ResidentModels set = holding(2, Set.of());
        assertThat(set.admit(model("a")).serving().tryAcquire()).isTrue();
        assertThat(set.admit(model("b")).serving().tryAcquire()).isTrue();
        LoadedModel c = model("c");

        assertThatThrownBy(() -> set.admit(c)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.retryAfterSeconds()).isEqualTo(1);
        });
        assertThat(c.closed()).isTrue();
        assertThat(names(new ArrayList<>(set.all()))).containsExactly("a", "b");
    }

    @Test
    void shouldKeepTheResidentCopyWhenTwoLoadsOfOneVersionRace() {
        ResidentModels set = holding(3, Set.of());
        LoadedModel first = set.admit(model("a")).serving();
        LoadedModel second = model("a");

        assertThat(set.admit(second).serving()).isSameAs(first);
        assertThat(second.closed()).isTrue();
        assertThat(set.bytesInMemory()).isEqualTo(SIZE);
    }

    @Test
    void shouldStayWithinTheBudgetAndNeverCloseAHeldModelUnderConcurrentLoads() throws Exception {
        ResidentModels set = holding(10, Set.of());
        AtomicInteger scoredOnClosed = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    String name = "m" + ThreadLocalRandom.current().nextInt(50);
                    LoadedModel l = set.get(name + "@1");
                    if (l == null) {
                        try {
                            l = set.admit(model(name)).serving();
                        } catch (ApiException busy) {
                            continue;
                        }
                    }
                    if (!l.tryAcquire()) {
                        continue; // evicted and closed before it could be held: a caller resolves it again
                    }
                    try {
                        if (l.closed()) {
                            scoredOnClosed.incrementAndGet();
                        }
                        served.incrementAndGet();
                    } finally {
                        l.release();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(served.get()).isGreaterThan(1_000);
        assertThat(scoredOnClosed.get()).isZero();
        assertThat(set.peakBytes()).isLessThanOrEqualTo(set.budgetBytes());
        assertThat(set.all()).hasSizeLessThanOrEqualTo(10);
    }
}
