package io.rtml.registry.rest;

import java.util.List;

/** A version that reads a feature view: which model and version, the view's features it reads, its aliases. */
public record FeatureViewReader(String model, int version, List<String> features, List<String> aliases,
                                boolean archived) {
}
