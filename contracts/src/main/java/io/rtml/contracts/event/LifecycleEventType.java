package io.rtml.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happened to a model; serialised in the kebab-case of DESIGN.md. */
public enum LifecycleEventType {
    @JsonProperty("registered") REGISTERED,
    @JsonProperty("validated") VALIDATED,
    @JsonProperty("alias-set") ALIAS_SET,
    @JsonProperty("rolled-back") ROLLED_BACK,
    @JsonProperty("archived") ARCHIVED,
    /**
     * The validation gate (or, for a rollback, its compatibility checks) refused to point an alias at
     * {@code version}; nothing changed. Audited so refusals can be found later, and sent like every event.
     */
    @JsonProperty("alias-refused") ALIAS_REFUSED,
    /** A model's route policy changed (set, promoted or aborted); {@code version} is the challenger's, 0 when none. */
    @JsonProperty("route-set") ROUTE_SET,
    /**
     * A tenant's subscription to the model was added, changed or dropped; {@code tenant} names it, {@code alias}
     * is the alias it follows now (null when dropped), {@code version} what that alias points at (0 when none).
     */
    @JsonProperty("subscription-set") SUBSCRIPTION_SET,
    /**
     * The model's declared KPI or fallback policy changed ({@code version} 0); inference reads the route again,
     * which carries the fallback its holdout share is answered with.
     */
    @JsonProperty("kpi-set") KPI_SET
}
