package io.rtml.contracts.event;

import java.time.Instant;
import java.util.Map;

/** One entity's new feature values on {@code rtml.feature-updates}. */
public record FeatureUpdateEvent(
        String featureView,
        String entityKey,
        Map<String, Object> values,
        Instant eventTime) {
}
