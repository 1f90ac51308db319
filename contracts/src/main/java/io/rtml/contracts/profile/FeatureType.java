package io.rtml.contracts.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a feature is profiled and compared: numeric values are binned, categorical ones counted. */
public enum FeatureType {
    @JsonProperty("numeric") NUMERIC,
    @JsonProperty("categorical") CATEGORICAL
}
