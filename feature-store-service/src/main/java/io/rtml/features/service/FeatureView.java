package io.rtml.features.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A feature view as the service works with it: ids resolved, feature types parsed. Immutable. */
public record FeatureView(
        long id,
        String name,
        String entity,
        Long ttlSeconds,
        Long retentionSeconds,
        String description,
        Map<String, FeatureType> features,
        Instant createdAt) {

    public FeatureView {
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    public FeatureType type(String feature) {
        return features.get(feature);
    }

    public List<String> featureNames() {
        return List.copyOf(features.keySet());
    }

    /** True when a value with this event time is too old to serve at {@code asOf}. */
    public boolean expired(Instant eventTime, Instant asOf) {
        return ttlSeconds != null && Duration.between(eventTime, asOf).compareTo(Duration.ofSeconds(ttlSeconds)) > 0;
    }
}
