package io.rtml.sdk;

import io.rtml.contracts.profile.FeatureType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One feature of a feature view: its name and value type. */
public record FeatureSpec(String name, ValueType type) {

    /** The schema {@code DatasetProfile.fromRows} takes: text categorical, the rest numeric. */
    public static Map<String, FeatureType> profileSchema(List<FeatureSpec> features) {
        Map<String, FeatureType> schema = new LinkedHashMap<>();
        features.forEach(f -> schema.put(f.name(), f.type().profileType()));
        return schema;
    }
}
