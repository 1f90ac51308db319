package io.rtml.inference.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** The answer to a predict call: which version answered and one prediction per instance, in order. */
public record PredictResponse(String model, int version, String route, List<Prediction> predictions) {

    /**
     * One instance's answer. An instance that could not be scored (its entity key unknown and no raw
     * features, or a row the model cannot read) carries {@code error} and no output; the other
     * instances of the call are answered as usual.
     *
     * @param route           which side of the model's route answered this instance (champion, challenger, holdout)
     * @param missingFeatures model inputs that had no value: never written to the feature store, or not sent
     * @param staleFeatures   model inputs whose stored value is older than its view's TTL (left out of the row)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prediction(String requestId, String entityKey, Integer version, String route, String output,
                             Map<String, Double> scores, List<String> missingFeatures, List<String> staleFeatures,
                             String error) {
    }
}
