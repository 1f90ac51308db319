package io.rtml.sdk;

/** The value types a feature view declares, with the Open Inference Protocol datatype of each. */
public enum ValueType {
    FP64("FP64"),
    INT64("INT64"),
    STRING("BYTES"),
    BOOL("BOOL");

    private final String datatype;

    ValueType(String datatype) {
        this.datatype = datatype;
    }

    /** The model-signature datatype of a feature of this type. */
    public String datatype() {
        return datatype;
    }

    /** How the feature is profiled: text is categorical, everything else numeric (booleans as 0/1). */
    public io.rtml.contracts.profile.FeatureType profileType() {
        return this == STRING ? io.rtml.contracts.profile.FeatureType.CATEGORICAL
                : io.rtml.contracts.profile.FeatureType.NUMERIC;
    }
}
