package io.rtml.features.repository;

import java.util.List;
import java.util.Map;

/** What an aggregation read found, by range index: the stored tiles, and the raw events (in write order). */
public record AggregationInputs(Map<Integer, List<Tile>> tiles, Map<Integer, List<AggregationEvent>> events) {
}
