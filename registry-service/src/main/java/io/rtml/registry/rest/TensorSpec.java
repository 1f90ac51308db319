package io.rtml.registry.rest;

import java.util.List;

/** One named input or output of a model, typed as in the Open Inference Protocol (FP64, INT64, BYTES, ...). */
public record TensorSpec(String name, String datatype, List<Long> shape) {
}
