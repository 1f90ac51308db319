package io.rtml.contracts.encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a row of named feature values becomes the named numeric features a model is trained on and
 * sees at inference: numbers and booleans keep their name, a text value {@code v} of feature
 * {@code f} becomes the indicator {@code f=v} with value 1, and a missing value is left out (sparse).
 * Training code (the SDK) and the inference runtimes share this one rule, so a model never sees
 * features encoded differently from how it learnt them.
 */
public final class FeatureEncoding {

    private FeatureEncoding() {
    }

    /** One encoded feature. */
    public record Encoded(String name, double value) {
    }

    public static List<Encoded> encode(Map<String, ?> row) {
        List<Encoded> out = new ArrayList<>(row.size());
        row.forEach((name, value) -> {
            Encoded e = encode(name, value);
            if (e != null) {
                out.add(e);
            }
        });
        return out;
    }

    /** The encoded feature for one value, or {@code null} when the value is missing. */
    public static Encoded encode(String name, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isNaN(d) ? null : new Encoded(name, d);
        }
        if (value instanceof Boolean b) {
            return new Encoded(name, b ? 1.0 : 0.0);
        }
        String text = value.toString();
        return text.isEmpty() ? null : new Encoded(name + "=" + text, 1.0);
    }
}
