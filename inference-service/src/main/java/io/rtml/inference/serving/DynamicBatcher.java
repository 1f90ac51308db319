package io.rtml.inference.serving;

import io.rtml.inference.runtime.ModelRuntime;
import io.rtml.inference.runtime.Scored;
import io.smallrye.mutiny.Uni;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scores rows of one loaded version, coalescing concurrent requests into one runtime call as Triton's
 * dynamic batcher does: a batch goes to the runtime as soon as it holds {@code maxBatchSize} rows, or when
 * its oldest request has waited {@code maxQueueDelay}. Requests are never split: one larger than the batch
 * size runs alone. When a batch fails on a row the runtime cannot read, its requests are scored one by
 * one, so a bad request fails alone and never takes its neighbours down with it.
 *
 * <p>Runtime calls run on {@code executor} (the worker pool). With batching off, a request of at most
 * {@code inlineMaxRows} rows is scored on the caller's thread instead: a few rows of a tree or linear model
 * take microseconds, less than the two thread hops to the worker pool and back, which the profile showed
 * dominating small requests on a busy 2-core node. Larger requests always go to the worker pool so the
 * event loop never waits on a long runtime call.
 */
public final class DynamicBatcher {

    private final ModelRuntime runtime;
    private final BatchPolicy policy;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final ServingMetrics.BatchMeters meters;
    private final int inlineMaxRows;

    private final Object lock = new Object();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int queuedRows;
    private boolean timerArmed;

    private record Pending(List<Map<String, Object>> rows, CompletableFuture<List<Scored>> result, long queuedAt) {
    }

    public DynamicBatcher(ModelRuntime runtime, BatchPolicy policy, Executor executor, ScheduledExecutorService timer,
                          ServingMetrics.BatchMeters meters, int inlineMaxRows) {
        this.inlineMaxRows = inlineMaxRows;
        this.runtime = runtime;
        this.policy = policy;
        this.executor = executor;
        this.timer = timer;
        this.meters = meters;
    }

    public BatchPolicy policy() {
        return policy;
    }

    /** One answer per row, in order; fails with the runtime's {@link IllegalArgumentException} for rows it cannot read. */
    public Uni<List<Scored>> score(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (!policy.enabled() && rows.size() <= inlineMaxRows) {
            return Uni.createFrom().item(() -> {
                meters.record(rows.size());
                return runtime.predict(rows);
            });
        }
        Pending pending = new Pending(rows, new CompletableFuture<>(), System.nanoTime());
        if (!policy.enabled()) {
            dispatch(List.of(pending));
        } else {
            enqueue(pending);
        }
        return Uni.createFrom().completionStage(pending.result());
    }

    /**
     * Hands a batch to the worker pool. A pool that refuses it (shut down, or out of threads) fails the
     * batch's requests at once: a caller must get an answer or an error, never wait forever.
     */
    private void dispatch(List<Pending> batch) {
        try {
            executor.execute(() -> run(batch));
        } catch (RuntimeException | Error e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    /** Arms the queue-delay timer; if the timer refuses, what is queued is sent now instead of waiting on it. */
    private void arm(long delayNanos) {
        try {
            timer.schedule(this::onDelayElapsed, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException | Error e) {
            onDelayElapsed();
        }
    }

    private void enqueue(Pending pending) {
        List<Pending> ready = null;
        boolean arm = false;
        synchronized (lock) {
            queue.add(pending);
            queuedRows += pending.rows().size();
            if (queuedRows >= policy.maxBatchSize()) {
                ready = drain();
            }
            if (!queue.isEmpty() && !timerArmed) {
                timerArmed = true;
                arm = true;
            }
        }
        if (ready != null) {
            dispatch(ready);
        }
        if (arm) {
            arm(policy.maxQueueDelay().toNanos());
        }
    }

    /** The oldest queued request has waited long enough: send what is queued, and re-arm for what is left. */
    private void onDelayElapsed() {
        List<Pending> ready;
        long rearmIn = -1;
        synchronized (lock) {
            ready = drain();
            if (queue.isEmpty()) {
                timerArmed = false;
            } else {
                long waited = System.nanoTime() - queue.peek().queuedAt();
                rearmIn = Math.max(0, policy.maxQueueDelay().toNanos() - waited);
            }
        }
        if (!ready.isEmpty()) {
            dispatch(ready);
        }
        if (rearmIn >= 0) {
            arm(rearmIn);
        }
    }

    /** Whole requests from the head of the queue, up to the batch size (always at least one). Holds the lock. */
    private List<Pending> drain() {
        List<Pending> batch = new ArrayList<>();
        int rows = 0;
        while (!queue.isEmpty()) {
            Pending next = queue.peek();
            if (!batch.isEmpty() && rows + next.rows().size() > policy.maxBatchSize()) {
                break;
            }
            queue.poll();
            rows += next.rows().size();
            batch.add(next);
        }
        queuedRows -= rows;
        return batch;
    }

    private void run(List<Pending> batch) {
        long now = System.nanoTime();
        List<Map<String, Object>> rows;
        if (batch.size() == 1) {
            rows = batch.get(0).rows();
        } else {
            rows = new ArrayList<>();
            for (Pending p : batch) {
                rows.addAll(p.rows());
            }
        }
        for (Pending p : batch) {
            meters.waited(now - p.queuedAt());
        }
        meters.record(rows.size());
        List<Scored> scored;
        try {
            scored = runtime.predict(rows);
            if (scored.size() != rows.size()) {
                throw new IllegalStateException("the runtime answered " + scored.size() + " rows for " + rows.size());
            }
        } catch (Throwable e) {
            // Whatever the runtime throws, every waiting request must be answered.
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
            } else {
                batch.forEach(this::runAlone);
            }
            return;
        }
        int from = 0;
        for (Pending p : batch) {
            int to = from + p.rows().size();
            p.result().complete(batch.size() == 1 ? scored : scored.subList(from, to));
            from = to;
        }
    }

    private void runAlone(Pending p) {
        try {
            p.result().complete(runtime.predict(p.rows()));
        } catch (Throwable e) {
            p.result().completeExceptionally(e);
        }
    }
}
