package io.rtml.sdk;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The features read for one entity (online) or one entity row (historical, with its {@code timestamp}),
 * keyed by {@code view:feature}.
 */
public record FeatureResult(String entityKey, Instant timestamp, Map<String, FeatureValue> features) {

    /**
     * The present values keyed by bare feature name ({@code tz_offset}, not {@code view:tz_offset}): the row
     * a model is trained on. Missing values are left out, as {@link io.rtml.contracts.encoding.FeatureEncoding}
     * leaves them out.
     */
    public Map<String, Object> values() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (features != null) {
            features.forEach((ref, v) -> {
                if (v != null && v.present() && v.value() != null) {
                    out.put(ref.substring(ref.indexOf(':') + 1), v.value());
                }
            });
        }
        return out;
    }
}
