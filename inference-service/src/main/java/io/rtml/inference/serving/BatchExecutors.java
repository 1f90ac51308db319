package io.rtml.inference.serving;

import io.rtml.inference.config.InferenceConfig;
import io.rtml.inference.runtime.ModelRuntime;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds each loaded version's {@link DynamicBatcher}: the policy from the version's params over the
 * service defaults, runtime calls on the worker pool, and one timer thread for every queue delay
 * (sub-millisecond delays need nanosecond scheduling, which event-loop timers do not give).
 */
@ApplicationScoped
public class BatchExecutors {

    private final BatchPolicy defaults;
    private final int inlineMaxRows;
    private final ServingMetrics metrics;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rtml-batch-timer");
        t.setDaemon(true);
        return t;
    });

    public BatchExecutors(InferenceConfig config, ServingMetrics metrics) {
        this.defaults = new BatchPolicy(config.batching().maxBatchSize(), config.batching().maxQueueDelay());
        this.inlineMaxRows = config.batching().inlineMaxRows();
        this.metrics = metrics;
    }

    /** Throws {@link IllegalArgumentException} when the version's batching params are not valid. */
    public DynamicBatcher batcher(String model, int version, ModelRuntime runtime, Map<String, Object> params) {
        return new DynamicBatcher(runtime, BatchPolicy.of(params, defaults), Infrastructure.getDefaultWorkerPool(),
                timer, metrics.batch(model, version), inlineMaxRows);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
