package io.rtml.contracts;

/** Kafka topic names of DESIGN.md. Services take the actual name from config; these are the defaults. */
public final class Topics {

    /** Key: model name. Value: {@link io.rtml.contracts.event.ModelLifecycleEvent}. */
    public static final String MODEL_LIFECYCLE = "rtml.model-lifecycle";
    /** Key: entity key. Value: {@link io.rtml.contracts.event.FeatureUpdateEvent}. */
    public static final String FEATURE_UPDATES = "rtml.feature-updates";
    /** Key: model name. Value: {@link io.rtml.contracts.event.PredictionEvent}. */
    public static final String PREDICTIONS = "rtml.predictions";
    /** Key: model name, so labels land on the partition of their predictions. */
    public static final String GROUND_TRUTH = "rtml.ground-truth";
    /** Key: request id. */
    public static final String INFERENCE_REQUESTS = "rtml.inference-requests";
    /** Key: request id. */
    public static final String INFERENCE_RESULTS = "rtml.inference-results";
    /** Key: model name. Low-confidence predictions for a person to review. */
    public static final String REVIEW_QUEUE = "rtml.review-queue";
    /** Key: model name. Value: {@link io.rtml.contracts.event.OutcomeEvent}, what the recipient did after a prediction. */
    public static final String OUTCOMES = "rtml.outcomes";
    /** Key: model name. */
    public static final String ALERTS = "rtml.alerts";

    private Topics() {
    }
}
