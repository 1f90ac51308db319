package io.rtml.inference.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The inference service's request, batching, enrichment and model-memory metrics. Meters are looked up once per
 * (model, version, route) and kept: building a meter id on every request showed up in the profile. Built at
 * start, so the in-flight gauge is there before the first request.
 */
@Startup
@ApplicationScoped
public class ServingMetrics {

    public static final String REQUESTS = "rtml_inference_requests_total";
    public static final String LATENCY = "rtml_inference_latency_seconds";
    public static final String IN_FLIGHT = "rtml_inference_in_flight";
    public static final String BATCH_SIZE = "rtml_inference_batch_size";
    public static final String QUEUE_DELAY = "rtml_inference_queue_delay_seconds";
    public static final String FEATURE_CACHE = "rtml_inference_feature_cache_total";
    public static final String FEATURE_READS = "rtml_inference_feature_store_reads_total";
    public static final String INSTANCE_FAILURES = "rtml_inference_instance_failures_total";
    /** 1 for every version resident on this replica (model, version); a version leaves it when evicted or unloaded. */
    public static final String MODEL_LOADED = "rtml_model_loaded";
    public static final String MODEL_LOAD_FAILURES = "rtml_model_load_failures_total";
    public static final String MODEL_LOADS = "rtml_inference_model_loads_total";
    public static final String MODEL_EVICTIONS = "rtml_inference_model_evictions_total";
    public static final String MODEL_LOAD_TIME = "rtml_inference_model_load_seconds";
    public static final String MODELS_RESIDENT_BYTES = "rtml_inference_models_resident_bytes";
    public static final String MODELS_PEAK_BYTES = "rtml_inference_models_resident_peak_bytes";
    public static final String MODELS_BUDGET_BYTES = "rtml_inference_models_budget_bytes";

    private final MeterRegistry registry;
    private final AtomicInteger inFlight;
    private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();
    private final Map<String, BatchMeters> batches = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> loadedGauges = new ConcurrentHashMap<>();
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter featureReadOk;
    private final Counter featureReadFailed;

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.inFlight = new AtomicInteger();
        Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get).strongReference(true)
                .description("predict and infer calls being answered").register(registry);
        this.cacheHits = registry.counter(FEATURE_CACHE, "result", "hit");
        this.cacheMisses = registry.counter(FEATURE_CACHE, "result", "miss");
        this.featureReadOk = registry.counter(FEATURE_READS, "outcome", "ok");
        this.featureReadFailed = registry.counter(FEATURE_READS, "outcome", "error");
    }

    public void started() {
        inFlight.incrementAndGet();
    }

    public void finished() {
        inFlight.decrementAndGet();
    }

    /** One answered (or failed) call of {@code model} v{@code version} on {@code route}. */
    public void request(String model, int version, String route, boolean ok, long startNanos) {
        RouteMeters m = routes.computeIfAbsent(model + '\u0000' + version + '\u0000' + route,
                k -> new RouteMeters(model, Integer.toString(version), route));
        (ok ? m.ok : m.error).increment();
        m.latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A challenger that failed off the champion's path ({@code stage}: load, score, dropped when the
     * shadow queue was full); counted, never surfaced to the caller.
     */
    public void challengerFailure(String model, String stage) {
        registry.counter("rtml_inference_challenger_failures_total", "model", model, "stage", stage).increment();
    }

    /** Instances of a call that were answered with an error while the rest were scored. */
    public void instanceFailures(String model, int count) {
        if (count > 0) {
            registry.counter(INSTANCE_FAILURES, "model", model).increment(count);
        }
    }

    /** One runtime call of {@code rows} rows, and how long each request in it waited in the queue. */
    public BatchMeters batch(String model, int version) {
        return batches.computeIfAbsent(model + '\u0000' + version, k -> new BatchMeters(model, Integer.toString(version)));
    }

    public void cache(int hits, int misses) {
        cacheHits.increment(hits);
        cacheMisses.increment(misses);
    }

    public void featureRead(boolean ok) {
        (ok ? featureReadOk : featureReadFailed).increment();
    }

    /** The memory budget's gauges, read from the resident set on every scrape. */
    public void modelMemory(long budgetBytes, LongSupplier inMemory, LongSupplier peak) {
        Gauge.builder(MODELS_BUDGET_BYTES, () -> budgetBytes).strongReference(true)
                .description("rtml.inference.models.memory-budget").baseUnit("bytes").register(registry);
        Gauge.builder(MODELS_RESIDENT_BYTES, inMemory::getAsLong).strongReference(true)
                .description("measured bytes of resident versions, evicted ones still answering included")
                .baseUnit("bytes").register(registry);
        Gauge.builder(MODELS_PEAK_BYTES, peak::getAsLong).strongReference(true)
                .description("the most resident bytes since start").baseUnit("bytes").register(registry);
    }

    /** A version loaded, measured and made resident in {@code nanos}. */
    public void modelLoaded(String model, int version, long nanos) {
        registry.counter(MODEL_LOADS, "model", model).increment();
        Timer.builder(MODEL_LOAD_TIME).tag("model", model).description("registry fetch to warmed and resident")
                .publishPercentileHistogram().register(registry).record(nanos, TimeUnit.NANOSECONDS);
        loadedGauges.computeIfAbsent(model + '\u0000' + version, k -> registry.gauge(MODEL_LOADED,
                Tags.of("model", model, "version", Integer.toString(version)),
                new AtomicInteger())).set(1);
    }

    /** A version left memory: {@code evicted} by the budget, or unloaded on request. It leaves {@link #MODEL_LOADED}. */
    public void modelUnloaded(String model, int version, boolean evicted) {
        if (evicted) {
            registry.counter(MODEL_EVICTIONS, "model", model).increment();
        }
        if (loadedGauges.remove(model + '\u0000' + version) != null) {
            registry.find(MODEL_LOADED).tags("model", model, "version", Integer.toString(version))
                    .meters().forEach(registry::remove);
        }
    }

    public void modelLoadFailed(String model) {
        registry.counter(MODEL_LOAD_FAILURES, "model", model).increment();
    }

    private final class RouteMeters {
        final Counter ok;
        final Counter error;
        final Timer latency;

        RouteMeters(String model, String version, String route) {
            ok = registry.counter(REQUESTS, "model", model, "version", version, "route", route, "outcome", "ok");
            error = registry.counter(REQUESTS, "model", model, "version", version, "route", route, "outcome", "error");
            latency = Timer.builder(LATENCY).tags("model", model, "version", version, "route", route)
                    .publishPercentileHistogram().register(registry);
        }
    }

    /** Meters of one version's batcher. */
    public final class BatchMeters {
        private final DistributionSummary size;
        private final Timer queueDelay;

        BatchMeters(String model, String version) {
            size = DistributionSummary.builder(BATCH_SIZE).tags("model", model, "version", version)
                    .description("rows per runtime call after dynamic batching")
                    .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
                    .register(registry);
            queueDelay = Timer.builder(QUEUE_DELAY).tags("model", model, "version", version)
                    .description("time a request waited in the batching queue before its runtime call")
                    .publishPercentileHistogram().register(registry);
        }

        public void record(int rows) {
            size.record(rows);
        }

        public void waited(long nanos) {
            queueDelay.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
