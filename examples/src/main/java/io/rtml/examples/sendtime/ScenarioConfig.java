package io.rtml.examples.sendtime;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where the four services are and how big the scenario runs.
 *
 * @param trainingRecipients baseline recipients the model is trained and tested on ({@code r-1} ..)
 * @param liveRecipients     further baseline recipients predicted for in phase 1 (keys continue after training)
 * @param shiftedRecipients  Asia-Pacific recipients predicted for in phase 2 ({@code s-1} ..)
 * @param batchSize          instances per predict call
 * @param concurrency        predict calls in flight at once
 * @param labelShare         share of predictions whose true label is sent to the monitor
 * @param monitorWait        how long to let the monitor fold predictions before asking it
 * @param readyTimeout       how long to wait for the inference service to serve the new version
 * @param bucketAlignment    the monitor's window bucket; the shift time is aligned to it so phases do not mix
 */
public record ScenarioConfig(URI registryUrl, URI featureStoreUrl, URI inferenceUrl, URI monitorUrl, long seed,
                             int trainingRecipients, int liveRecipients, int shiftedRecipients, int batchSize,
                             int concurrency, double labelShare, String tenant, Duration monitorWait,
                             Duration readyTimeout, Duration bucketAlignment) {

    public ScenarioConfig {
        if (trainingRecipients < 100 || liveRecipients < 1 || shiftedRecipients < 1 || batchSize < 1
                || concurrency < 1 || !(labelShare > 0 && labelShare <= 1)) {
            throw new IllegalArgumentException("scenario sizes must be positive (training at least 100) and "
                    + "labelShare in (0, 1]");
        }
    }

    /** The sizes the brief asks for: 20,000 to train on, 10,000 live and 5,000 shifted predictions, 30 % labelled. */
    public static ScenarioConfig defaults(URI registry, URI featureStore, URI inference, URI monitor) {
        return new ScenarioConfig(registry, featureStore, inference, monitor, 42, 20_000, 10_000, 5_000, 100, 4,
                0.3, "acme", Duration.ofSeconds(15), Duration.ofMinutes(2), Duration.ofSeconds(10));
    }

    /**
     * From {@code RTML_REGISTRY_URL}, {@code RTML_FEATURE_STORE_URL}, {@code RTML_INFERENCE_URL} and
     * {@code RTML_MONITOR_URL}, defaulting to the local ports 8081-8084.
     */
    public static ScenarioConfig fromEnv(Map<String, String> env) {
        return defaults(
                URI.create(env.getOrDefault("RTML_REGISTRY_URL", "http://127.0.0.1:8081")),
                URI.create(env.getOrDefault("RTML_FEATURE_STORE_URL", "http://127.0.0.1:8082")),
                URI.create(env.getOrDefault("RTML_INFERENCE_URL", "http://127.0.0.1:8083")),
                URI.create(env.getOrDefault("RTML_MONITOR_URL", "http://127.0.0.1:8084")));
    }

    public ScenarioConfig withSizes(int training, int live, int shifted) {
        return new ScenarioConfig(registryUrl, featureStoreUrl, inferenceUrl, monitorUrl, seed, training, live, shifted,
                batchSize, concurrency, labelShare, tenant, monitorWait, readyTimeout, bucketAlignment);
    }

    public ScenarioConfig withMonitorWait(Duration wait) {
        return new ScenarioConfig(registryUrl, featureStoreUrl, inferenceUrl, monitorUrl, seed, trainingRecipients,
                liveRecipients, shiftedRecipients, batchSize, concurrency, labelShare, tenant, wait, readyTimeout,
                bucketAlignment);
    }
}
