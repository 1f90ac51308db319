package io.rtml.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The {@code metadata} part of a version upload.
 *
 * @param format          {@code tribuo} (protobuf model file) or {@code onnx}
 * @param sha256          optional: the checksum the client computed; the upload is refused if the bytes differ
 * @param sliceMetrics    metrics per data slice, e.g. {@code {"industry=retail": {"accuracy": 0.7}}}
 * @param dataCard        what was measured about the training data (DESIGN.md, "The data card")
 * @param baselineProfile the training data's profile, in the format of {@code io.rtml.contracts.profile}
 * @param featureRefs     feature-store features the model reads, as {@code view:feature}
 * @param provenance      how training ran: trainer, parameters, seed, library and JVM versions, time
 * @param featureRelevance input name to how strongly it relates to the target at training time, in [0, 1]
 *                        (the SDK's {@code FeatureRelevance}: Theil's U); part of the resiliency score
 * @param trainingSet     the historical-features request the training set came from
 *                        ({@code io.rtml.contracts.lineage.TrainingSetSnapshot})
 */
public record VersionMetadata(
        String format,
        String sha256,
        Signature signature,
        Map<String, Double> metrics,
        Map<String, Map<String, Double>> sliceMetrics,
        Map<String, Object> params,
        JsonNode dataCard,
        JsonNode baselineProfile,
        List<String> featureRefs,
        JsonNode provenance,
        String description,
        String createdBy,
        Map<String, Double> featureRelevance,
        JsonNode trainingSet) {
}
