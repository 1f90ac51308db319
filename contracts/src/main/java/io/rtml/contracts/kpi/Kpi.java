package io.rtml.contracts.kpi;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A model's business KPI as the registry keeps it and the monitor computes it from {@code rtml.outcomes}: the
 * {@code aggregation} of one {@code outcome} over the predictions that have one.
 *
 * @param name        short name, e.g. {@code open-within-window}
 * @param description what it means, in words, for people reading the page
 */
public record Kpi(String name, String description, Outcome outcome, Aggregation aggregation) {

    /** The outcome field of {@link io.rtml.contracts.event.OutcomeEvent} the KPI reads. */
    public enum Outcome {
        @JsonProperty("opened") OPENED(true),
        @JsonProperty("clicked") CLICKED(true),
        @JsonProperty("revenue") REVENUE(false);

        private final boolean binary;

        Outcome(boolean binary) {
            this.binary = binary;
        }

        /** Yes/no outcomes; only these have a rate. */
        public boolean binary() {
            return binary;
        }
    }

    /** How outcomes are summarised: the share of yes ({@code rate}) or the average ({@code mean}). */
    public enum Aggregation {
        @JsonProperty("rate") RATE,
        @JsonProperty("mean") MEAN
    }
}
