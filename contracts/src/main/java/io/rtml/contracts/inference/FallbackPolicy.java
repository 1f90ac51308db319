package io.rtml.contracts.inference;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What answers a model's holdout share instead of the model (see {@link RoutePolicy#holdoutTakes}): a fixed
 * {@code output}. {@code kind} says where that output comes from, for people reading it: the training set's most
 * frequent label ({@code majority-class}) or a rule someone chose ({@code constant}). The monitor measures the
 * model's KPI uplift against it.
 */
public record FallbackPolicy(Kind kind, String output) {

    public enum Kind {
        @JsonProperty("majority-class") MAJORITY_CLASS,
        @JsonProperty("constant") CONSTANT
    }
}
