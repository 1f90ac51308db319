package io.rtml.monitor.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.rtml.contracts.profile.DatasetProfile;

/** The part of the registry's version document the monitor reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistryVersion(String model, int version, DatasetProfile baselineProfile) {
}
