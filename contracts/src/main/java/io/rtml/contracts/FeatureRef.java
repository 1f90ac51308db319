package io.rtml.contracts;

/**
 * A reference to one feature of one feature view, written {@code view:feature} everywhere rtml names
 * features (a version's {@code featureRefs}, online and historical reads). A model input is named
 * after the feature part.
 */
public record FeatureRef(String view, String feature) {

    /** Parses {@code view:feature}; anything else is refused with a message that quotes it. */
    public static FeatureRef parse(String ref) {
        int colon = ref == null ? -1 : ref.indexOf(':');
        if (colon <= 0 || colon == ref.length() - 1 || ref.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("feature reference '" + ref + "' must be 'view:feature'");
        }
        return new FeatureRef(ref.substring(0, colon), ref.substring(colon + 1));
    }

    @Override
    public String toString() {
        return view + ":" + feature;
    }
}
