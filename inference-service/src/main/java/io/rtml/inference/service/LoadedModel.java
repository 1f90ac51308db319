package io.rtml.inference.service;

import io.rtml.inference.client.RegistryVersion;
import io.rtml.inference.runtime.ModelRuntime;
import io.rtml.inference.serving.DynamicBatcher;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A version in memory, verified and warmed, ready to answer. Every score goes through its
 * {@code batcher}, which owns the calls into {@code runtime}.
 *
 * <p>Its runtime is closed only when nobody uses it: the set of resident models holds one reference, every
 * request that scores on it holds another ({@link #tryAcquire()} … {@link #release()}), and the last one
 * to let go closes it. An eviction therefore never closes a model under a request that is using it.
 */
public final class LoadedModel {

    private final String model;
    private final int version;
    private final String sha256;
    private final ModelRuntime runtime;
    private final DynamicBatcher batcher;
    private final List<RegistryVersion.Tensor> inputs;
    private final List<String> featureRefs;
    private final Instant loadedAt;
    /** 1 for the resident set's own hold, plus one per request using it; 0 once closed, for good. */
    private final AtomicInteger holds = new AtomicInteger(1);
    private final AtomicLong lastUsed = new AtomicLong();
    private volatile Runnable afterClose = () -> { };

    public LoadedModel(String model, int version, String sha256, ModelRuntime runtime, DynamicBatcher batcher,
                       List<RegistryVersion.Tensor> inputs, List<String> featureRefs, Instant loadedAt) {
        this.model = model;
        this.version = version;
        this.sha256 = sha256;
        this.runtime = runtime;
        this.batcher = batcher;
        this.inputs = List.copyOf(inputs);
        this.featureRefs = List.copyOf(featureRefs);
        this.loadedAt = loadedAt;
    }

    public String model() {
        return model;
    }

    public int version() {
        return version;
    }

    /** {@code model@version}: one name per version in maps and logs. */
    public String key() {
        return key(model, version);
    }

    public static String key(String model, int version) {
        return model + "@" + version;
    }

    public String sha256() {
        return sha256;
    }

    public ModelRuntime runtime() {
        return runtime;
    }

    public DynamicBatcher batcher() {
        return batcher;
    }

    public List<RegistryVersion.Tensor> inputs() {
        return inputs;
    }

    public List<String> featureRefs() {
        return featureRefs;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** What the memory budget counts for this version: the runtime's measured size. */
    public long residentBytes() {
        return runtime.residentBytes();
    }

    /** Input names: the features a row must carry. */
    public List<String> inputNames() {
        return inputs.stream().map(RegistryVersion.Tensor::name).toList();
    }

    /** A hold for one request; false once the runtime is closed (evicted and let go), and then nothing changes. */
    public boolean tryAcquire() {
        while (true) {
            int now = holds.get();
            if (now == 0) {
                return false;
            }
            if (holds.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Lets go of one hold; the last one closes the runtime. */
    public void release() {
        if (holds.decrementAndGet() == 0) {
            runtime.close();
            afterClose.run();
        }
    }

    /** The resident set lets go of it; {@code afterClose} runs once the runtime is closed (now, or after the last request). */
    void retire(Runnable afterClose) {
        this.afterClose = afterClose;
        release();
    }

    public boolean closed() {
        return holds.get() == 0;
    }

    /** A request holds it now. */
    boolean inUse() {
        return holds.get() > 1;
    }

    void touch(long tick) {
        lastUsed.set(tick);
    }

    long lastUsed() {
        return lastUsed.get();
    }

    @Override
    public String toString() {
        return key();
    }
}
