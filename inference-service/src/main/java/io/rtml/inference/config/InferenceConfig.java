package io.rtml.inference.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** {@code rtml.inference.*} settings. */
@ConfigMapping(prefix = "rtml.inference")
public interface InferenceConfig {

    /** Models loaded and warmed at start; the service reports ready only when all of them are. */
    Optional<List<String>> pinnedModels();

    /** {@code cpu}, or {@code cuda} to run ONNX models on the GPU when one is present. */
    @WithDefault("cpu")
    String device();

    /** Largest number of instances one predict or infer call may carry. */
    @WithDefault("1000")
    int maxBatch();

    /** How long to wait before trying again to load a model that failed to load. */
    @WithDefault("30s")
    Duration reloadBackoff();

    Models models();

    /** The loaded versions of this replica: a memory budget, lazy loads, least-recently-used eviction. */
    interface Models {
        /**
         * Most bytes the resident versions may hold, as each runtime measures itself (a Tribuo model's object
         * graph; an ONNX model's artifact size for its native weights). Unset: half the JVM's maximum heap.
         */
        Optional<MemorySize> memoryBudget();

        /** Longest a request waits for its model to finish loading before a 503 with Retry-After. */
        @WithDefault("10s")
        Duration loadWait();
    }

    Batching batching();

    /** Service-wide dynamic batching defaults; a version's params {@code batching.*} override them. */
    interface Batching {
        /** Most rows one runtime call may take. */
        @WithDefault("64")
        int maxBatchSize();

        /** Longest a request waits for others to join its batch; 0 turns batching off. */
        @WithDefault("0")
        Duration maxQueueDelay();

        /** With batching off, calls of at most this many rows are scored on the caller's thread (0: never). */
        @WithDefault("8")
        int inlineMaxRows();
    }

    FeatureCache featureCache();

    /** The online-feature cache of the predict path. */
    interface FeatureCache {
        /** Off by default: with it on, a value written to the feature store may be served up to {@code ttl} late. */
        @WithDefault("false")
        boolean enabled();

        /** How long a value is kept; never longer than what is left of its view's TTL. */
        @WithDefault("2s")
        Duration ttl();

        /** Entries (entity key × feature) kept at most; least recently used go first. */
        @WithDefault("200000")
        long maxEntries();
    }

    Predictions predictions();

    interface Predictions {
        /** Predictions held in memory while Kafka is slow; beyond this they spill to disk. */
        @WithDefault("10000")
        int bufferSize();

        /** Where predictions that Kafka could not take wait to be re-sent. */
        @WithDefault("${java.io.tmpdir}/rtml-inference-spill")
        String spillDir();

        /** How often spilled predictions are re-sent. */
        @WithDefault("5s")
        Duration replayInterval();
    }

    Review review();

    interface Review {
        /** Predictions whose confidence (score of the predicted label) is below this go to the review queue. */
        @WithDefault("0.4")
        double threshold();

        /** Per-model overrides: {@code rtml.inference.review.models.<model>.threshold}. */
        Map<String, ModelReview> models();

        interface ModelReview {
            OptionalDouble threshold();
        }
    }

    Stream stream();

    interface Stream {
        /** Longest a stream request may take (model load and feature-store call included) before it is answered with an error. */
        @WithDefault("30s")
        Duration timeout();
    }
}
