package io.rtml.inference.runtime;

import java.util.Map;

/** One answer: the predicted label and a score per label (probabilities where the model gives them). */
public record Scored(String label, Map<String, Double> scores) {

    /** The score of the predicted label: how sure the model is. */
    public double confidence() {
        Double s = scores.get(label);
        return s == null ? Double.NaN : s;
    }
}
