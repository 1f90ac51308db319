package io.rtml.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happened to a model; serialised in the kebab-case of DESIGN.md. */
public enum LifecycleEventType {
    @JsonProperty("registered") REGISTERED,
    @JsonProperty("validated") VALIDATED,
    @JsonProperty("alias-set") ALIAS_SET,
    @JsonProperty("rolled-back") ROLLED_BACK,
    @JsonProperty("archived") ARCHIVED
}
