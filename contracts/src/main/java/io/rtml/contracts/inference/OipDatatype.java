package io.rtml.contracts.inference;

import java.util.Arrays;
import java.util.Optional;

/**
 * The tensor datatypes of the Open Inference Protocol (../shared/specs/open_inference_rest.yaml,
 * "Tensor Data Types"). The registry checks signatures against this list and the inference service
 * decodes tensors by it, so the two can never disagree about which types exist.
 */
public enum OipDatatype {
    BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES;

    /** The datatype spelled exactly as the protocol spells it, or empty. */
    public static Optional<OipDatatype> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }

    /** Numbers and booleans: everything the feature encoding turns into a number. */
    public boolean isNumeric() {
        return this != BYTES;
    }
}
