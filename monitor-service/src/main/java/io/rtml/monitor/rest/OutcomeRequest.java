package io.rtml.monitor.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Business outcomes of earlier predictions, published to {@code rtml.outcomes}. */
public record OutcomeRequest(@NotNull @NotEmpty @Size(max = 10000) List<@NotNull @Valid Outcome> outcomes) {

    /** A field left out was not observed; {@code occurredAt} is now when absent. */
    public record Outcome(@NotBlank String requestId, @NotBlank String model, Boolean opened, Boolean clicked,
                          @PositiveOrZero Double revenue, Instant occurredAt) {
    }
}
