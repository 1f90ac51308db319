package io.rtml.features.repository;

import java.util.Map;

/** Aggregates over a view's online store: how many entity rows it has, and per requested feature. */
public record OnlineAggregates(long rows, Map<String, FeatureAggregate> features) {
}
