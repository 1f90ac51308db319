package io.rtml.inference.runtime;

import java.util.List;
import java.util.Map;

/**
 * A loaded model. Rows are named feature values as the platform knows them (before encoding);
 * each runtime applies {@link io.rtml.contracts.encoding.FeatureEncoding} the way its model was trained.
 * Implementations are safe to call from many threads.
 */
public interface ModelRuntime extends AutoCloseable {

    /** {@code tribuo} or {@code onnx}. */
    String format();

    /** Where it runs: {@code cpu} or {@code cuda}. */
    String device();

    /** The labels the model can answer, in its own order. */
    List<String> labels();

    /** One answer per row, in order. Throws {@link IllegalArgumentException} for a row the model cannot score. */
    List<Scored> predict(List<Map<String, Object>> rows);

    /**
     * Memory this runtime holds while loaded, in bytes: what the memory budget
     * ({@code rtml.inference.models.memory-budget}) counts. Measured once, when the runtime is built.
     */
    long residentBytes();

    @Override
    default void close() {
    }
}
