package io.rtml.sdk;

/** One feature of a feature view: its name and value type. */
public record FeatureSpec(String name, FeatureType type) {
}
