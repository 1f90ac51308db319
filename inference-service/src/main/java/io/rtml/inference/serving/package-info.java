/**
 * The serving fast path, one job per class: decoding Open Inference Protocol tensors
 * ({@link io.rtml.inference.serving.TensorCodec}), filling rows from the online feature store in one
 * call ({@link io.rtml.inference.serving.FeatureEnricher}), coalescing concurrent requests into one
 * runtime call ({@link io.rtml.inference.serving.DynamicBatcher}) and recording what happened
 * ({@link io.rtml.inference.serving.ServingMetrics}). {@code service.PredictionService} composes them.
 */
package io.rtml.inference.serving;
