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

    /** The value types a feature-store feature can declare. */
    public static final java.util.List<String> FEATURE_TYPES = java.util.List.of("FP64", "INT64", "STRING", "BOOL");

    /**
     * Whether a model input of this datatype can take a feature-store value of {@code featureType}
     * ({@link #FEATURE_TYPES}), as the feature encoding hands it over: text only as {@code BYTES}; a
     * boolean as {@code BOOL} or any number (0/1); an {@code INT64} as any integer or floating type; an
     * {@code FP64} only as a floating type (an integer input would truncate it).
     */
    public boolean accepts(String featureType) {
        if (featureType == null) {
            return false;
        }
        return switch (featureType) {
            case "STRING" -> this == BYTES;
            case "BOOL" -> this != BYTES;
            case "INT64" -> this != BYTES && this != BOOL;
            case "FP64" -> this == FP16 || this == FP32 || this == FP64;
            default -> false;
        };
    }
}
