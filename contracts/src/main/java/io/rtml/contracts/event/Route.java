package io.rtml.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which arm of a model's routing produced a prediction. */
public enum Route {
    @JsonProperty("champion") CHAMPION,
    @JsonProperty("challenger") CHALLENGER,
    @JsonProperty("shadow") SHADOW,
    /** The holdout share: answered by the model's fallback policy, no model ran (the baseline its KPI uplift is measured against). */
    @JsonProperty("holdout") HOLDOUT
}
