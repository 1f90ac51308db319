package io.rtml.inference.serving;

import java.time.Duration;
import java.util.Map;

/**
 * How a version's requests are coalesced (Triton's dynamic batcher): at most {@code maxBatchSize} rows per
 * runtime call, and no request waits longer than {@code maxQueueDelay} for others to join it. A delay of
 * zero turns batching off: each request is its own runtime call.
 */
public record BatchPolicy(int maxBatchSize, Duration maxQueueDelay) {

    /** Version params that override the service's defaults for one version. */
    public static final String MAX_BATCH_SIZE = "batching.max-batch-size";
    public static final String MAX_QUEUE_DELAY_MS = "batching.max-queue-delay-ms";

    public BatchPolicy {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException(MAX_BATCH_SIZE + " must be at least 1, got " + maxBatchSize);
        }
        if (maxQueueDelay.isNegative()) {
            throw new IllegalArgumentException(MAX_QUEUE_DELAY_MS + " must not be negative, got " + maxQueueDelay);
        }
    }

    public boolean enabled() {
        return !maxQueueDelay.isZero() && maxBatchSize > 1;
    }

    /** The defaults, overridden by whichever of the two params the version was registered with. */
    public static BatchPolicy of(Map<String, Object> params, BatchPolicy defaults) {
        if (params == null) {
            return defaults;
        }
        int size = defaults.maxBatchSize();
        Duration delay = defaults.maxQueueDelay();
        if (params.get(MAX_BATCH_SIZE) != null) {
            size = number(params.get(MAX_BATCH_SIZE), MAX_BATCH_SIZE).intValue();
        }
        if (params.get(MAX_QUEUE_DELAY_MS) != null) {
            delay = Duration.ofNanos(Math.round(number(params.get(MAX_QUEUE_DELAY_MS), MAX_QUEUE_DELAY_MS).doubleValue()
                    * 1_000_000));
        }
        return new BatchPolicy(size, delay);
    }

    private static Number number(Object value, String name) {
        if (value instanceof Number n) {
            return n;
        }
        try {
            return Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
        }
    }
}
