package io.rtml.inference.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The answer to {@code POST /api/v1/tenants/{id}/predict}: one entry per model of the tenant's bundle, by model
 * name, each with one prediction per instance in the call's order.
 */
public record BundleResponse(String tenant, List<ModelAnswer> models) {

    /**
     * One model's answers, served as its predict call would be (the alias the tenant follows, the model's route).
     * A model that could not answer at all (no champion, not loadable) has {@code error} and no predictions.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelAnswer(String model, Integer version, String route, List<PredictResponse.Prediction> predictions,
                              String error) {
    }
}
