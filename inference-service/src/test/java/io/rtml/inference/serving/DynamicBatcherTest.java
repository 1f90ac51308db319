package io.rtml.inference.serving;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtml.inference.runtime.ModelRuntime;
import io.rtml.inference.runtime.Scored;
import io.rtml.inference.runtime.TestModels;
import io.rtml.inference.runtime.TribuoRuntime;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dynamic batcher on a real Tribuo model, with real threads submitting at once. */
class DynamicBatcherTest {

    private static final TribuoRuntime MODEL = TribuoRuntime.load(TestModels.protobufBytes(TestModels.cart(3)));

    /**
     * Outside Quarkus, Mutiny's context propagation sets its manager up lazily on first use, and two threads
     * doing that at once make one of them throw "ContextManagerProvider already set". Quarkus sets it up at
     * start; here one call before any test starts threads does the same.
     */
    @BeforeAll
    static void setUpContextPropagationOnce() {
        Uni.createFrom().completionStage(CompletableFuture.completedFuture(0)).await().indefinitely();
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ServingMetrics metrics = new ServingMetrics(registry);
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        workers.shutdownNow();
        timer.shutdownNow();
    }

    /** The real model, counting the rows of every call the batcher makes into it. */
    private static final class CountingRuntime implements ModelRuntime {
        final List<Integer> calls = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public String format() {
            return "tribuo";
        }

        @Override
        public String device() {
            return "cpu";
        }

        @Override
        public List<String> labels() {
            return MODEL.labels();
        }

        @Override
        public long residentBytes() {
            return MODEL.residentBytes();
        }

        @Override
        public List<Scored> predict(List<Map<String, Object>> rows) {
            calls.add(rows.size());
            threads.add(Thread.currentThread().getName());
            return MODEL.predict(rows);
        }
    }

    private DynamicBatcher batcher(ModelRuntime runtime, int maxBatch, Duration delay) {
        return new DynamicBatcher(runtime, new BatchPolicy(maxBatch, delay), workers, timer, metrics.batch("m", 1), 0);
    }

    private static List<CompletableFuture<List<Scored>>> submitAtOnce(DynamicBatcher batcher,
                                                                      List<List<Map<String, Object>>> requests)
            throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<List<Scored>>> answers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (List<Map<String, Object>> rows : requests) {
            CompletableFuture<List<Scored>> answer = new CompletableFuture<>();
            answers.add(answer);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    batcher.score(rows).subscribe().with(answer::complete, answer::completeExceptionally);
                } catch (Throwable e) {
                    // Anything score() throws must fail the test with its cause, not as a timeout.
                    answer.completeExceptionally(e);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return answers;
    }

    @Test
    void shouldCoalesceConcurrentRequestsIntoFewerRuntimeCallsWithEveryAnswerUnchanged() throws Exception {
        CountingRuntime runtime = new CountingRuntime();
        DynamicBatcher batcher = batcher(runtime, 32, Duration.ofMillis(20));
        List<List<Map<String, Object>>> requests = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            requests.add(TestModels.rows(1, i));
        }
        List<CompletableFuture<List<Scored>>> answers = submitAtOnce(batcher, requests);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(MODEL.predict(requests.get(i)));
        }
        assertThat(runtime.calls.stream().mapToInt(Integer::intValue).sum()).isEqualTo(64);
        assertThat(runtime.calls.size()).isLessThan(64);
        assertThat(runtime.calls).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(32));
        DistributionSummary sizes = registry.find(ServingMetrics.BATCH_SIZE).summary();
        assertThat(sizes.count()).isEqualTo(runtime.calls.size());
        assertThat(sizes.max()).isGreaterThan(1);
    }

    @Test
    void shouldSendALoneRequestAfterTheQueueDelayAtTheLatest() throws Exception {
        CountingRuntime runtime = new CountingRuntime();
        DynamicBatcher batcher = batcher(runtime, 1_000, Duration.ofMillis(5));
        List<Scored> answer = batcher.score(TestModels.rows(3, 9)).await().atMost(Duration.ofSeconds(5));
        assertThat(answer).isEqualTo(MODEL.predict(TestModels.rows(3, 9)));
        assertThat(runtime.calls).containsExactly(3);
        assertThat(registry.find(ServingMetrics.QUEUE_DELAY).timer().max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(4.0);
    }

    @Test
    void shouldNeverSplitARequestLargerThanTheBatchSize() throws Exception {
        CountingRuntime runtime = new CountingRuntime();
        DynamicBatcher batcher = batcher(runtime, 8, Duration.ofMillis(5));
        List<Map<String, Object>> big = TestModels.rows(20, 4);
        assertThat(batcher.score(big).await().atMost(Duration.ofSeconds(5))).isEqualTo(MODEL.predict(big));
        assertThat(runtime.calls).containsExactly(20);
    }

    @Test
    void shouldFailOnlyTheRequestWhoseRowTheModelCannotRead() throws Exception {
        CountingRuntime runtime = new CountingRuntime();
        DynamicBatcher batcher = batcher(runtime, 64, Duration.ofMillis(30));
        // Tribuo refuses a row with none of the features it was trained on.
        List<Map<String, Object>> poisoned = List.of(Map.of("colour", "blue"));
        assertThatThrownBy(() -> MODEL.predict(poisoned)).isInstanceOf(IllegalArgumentException.class);
        List<List<Map<String, Object>>> requests = List.of(TestModels.rows(1, 2), poisoned, TestModels.rows(2, 3));
        List<CompletableFuture<List<Scored>>> answers = submitAtOnce(batcher, requests);
        assertThat(answers.get(0).get(30, TimeUnit.SECONDS)).isEqualTo(MODEL.predict(requests.get(0)));
        assertThat(answers.get(2).get(30, TimeUnit.SECONDS)).isEqualTo(MODEL.predict(requests.get(2)));
        assertThatThrownBy(() -> answers.get(1).get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none of the features");
    }

    @Test
    void shouldFailARequestAtOnceWhenTheWorkerPoolRefusesItInsteadOfLeavingItWaiting() {
        DynamicBatcher batcher = batcher(new CountingRuntime(), 1, Duration.ofMillis(5));
        workers.shutdown();
        assertThatThrownBy(() -> batcher.score(TestModels.rows(1, 7)).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }

    @Test
    void shouldCallTheRuntimeOncePerRequestWhenTheDelayIsZero() throws Exception {
        CountingRuntime runtime = new CountingRuntime();
        DynamicBatcher batcher = batcher(runtime, 64, Duration.ZERO);
        List<List<Map<String, Object>>> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(TestModels.rows(1, 100 + i));
        }
        for (CompletableFuture<List<Scored>> a : submitAtOnce(batcher, requests)) {
            a.get(30, TimeUnit.SECONDS);
        }
        assertThat(runtime.calls).hasSize(20).containsOnly(1);
    }

    @Test
    void shouldScoreASmallRequestOnTheCallersThreadWhenBatchingIsOffAndALargeOneOnTheWorkers() throws Exception {
        CountingRuntime runtime = new CountingRuntime();
        DynamicBatcher batcher = new DynamicBatcher(runtime, new BatchPolicy(64, Duration.ZERO), workers, timer,
                metrics.batch("m", 1), 4);
        String caller = Thread.currentThread().getName();
        batcher.score(TestModels.rows(4, 1)).await().atMost(Duration.ofSeconds(5));
        batcher.score(TestModels.rows(5, 2)).await().atMost(Duration.ofSeconds(5));
        assertThat(runtime.threads.get(0)).isEqualTo(caller);
        assertThat(runtime.threads.get(1)).isNotEqualTo(caller);
    }

    @Test
    void shouldTakeAVersionsParamsOverTheServiceDefaults() {
        BatchPolicy defaults = new BatchPolicy(64, Duration.ZERO);
        BatchPolicy policy = BatchPolicy.of(Map.of(BatchPolicy.MAX_BATCH_SIZE, 16, BatchPolicy.MAX_QUEUE_DELAY_MS, 1.5),
                defaults);
        assertThat(policy).isEqualTo(new BatchPolicy(16, Duration.ofNanos(1_500_000)));
        assertThat(policy.enabled()).isTrue();
        assertThat(BatchPolicy.of(Map.of(), defaults).enabled()).isFalse();
        assertThatThrownBy(() -> BatchPolicy.of(Map.of(BatchPolicy.MAX_QUEUE_DELAY_MS, "soon"), defaults))
                .hasMessageContaining("batching.max-queue-delay-ms must be a number");
        assertThatThrownBy(() -> BatchPolicy.of(Map.of(BatchPolicy.MAX_BATCH_SIZE, 0), defaults))
                .hasMessageContaining("at least 1");
    }
}
