package io.rtml.features.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A feature computed at read time from a stored feature of the same view and the time of the read (now
 * online, the entity row's timestamp historically): {@code hours_since} / {@code seconds_since} = time from
 * the event time of the stored feature's latest value to the read time, e.g. hours since the last open from
 * a {@code last_open} feature written at every open.
 */
public record OnDemandSpec(
        @NotNull
        @Pattern(regexp = "hours_since|seconds_since", message = "must be one of hours_since, seconds_since")
        String function,
        @NotBlank String feature) {
}
