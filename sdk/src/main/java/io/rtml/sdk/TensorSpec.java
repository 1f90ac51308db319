package io.rtml.sdk;

import java.util.List;

/**
 * One named input or output of a model, typed as in the Open Inference Protocol
 * ({@code FP64}, {@code INT64}, {@code BYTES}, {@code BOOL}, ...). {@code shape} may be null.
 */
public record TensorSpec(String name, String datatype, List<Long> shape) {

    public TensorSpec(String name, String datatype) {
        this(name, datatype, null);
    }
}
