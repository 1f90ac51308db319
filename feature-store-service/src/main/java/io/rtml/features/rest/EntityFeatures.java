package io.rtml.features.rest;

import java.util.Map;

/** The requested features of one entity key, by feature reference {@code view:feature}. */
public record EntityFeatures(String entityKey, Map<String, FeatureValue> features) {
}
