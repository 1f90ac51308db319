package io.rtml.monitor.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.rtml.contracts.kpi.Kpi;

/** The part of the registry's model document the monitor reads: its declared KPI (null when none). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistryModel(String name, Kpi kpi) {
}
