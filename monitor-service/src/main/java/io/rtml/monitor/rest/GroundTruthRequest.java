package io.rtml.monitor.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Labels for earlier predictions, published to {@code rtml.ground-truth}. */
public record GroundTruthRequest(@NotNull @NotEmpty @Size(max = 10000) List<@NotNull @Valid Label> labels) {

    /** {@code time} is when the label became known; now when absent. */
    public record Label(@NotBlank String requestId, @NotBlank String model, @NotNull String label, Instant time) {
    }
}
