package io.rtml.sdk;

import java.util.List;

/** What a model takes and returns. For a Tribuo model each input is one named raw feature. */
public record Signature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
}
