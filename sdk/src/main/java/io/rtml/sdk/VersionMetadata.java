package io.rtml.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtml.contracts.card.DataCard;
import io.rtml.contracts.lineage.TrainingSetSnapshot;
import io.rtml.contracts.profile.DatasetProfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code metadata} part of a version upload; see the registry's API. Build it with {@link #builder()}
 * (or start from {@link TribuoRegistration#metadata()}, which fills format, checksum, provenance,
 * parameters and outputs).
 *
 * @param format          {@code tribuo} (protobuf model file) or {@code onnx}
 * @param sha256          the artifact's checksum; the registry refuses the upload if the bytes differ
 * @param sliceMetrics    metrics per data slice, e.g. {@code {"device=mobile": {"accuracy": 0.7}}}
 * @param dataCard        what was measured about the training data ({@link DataCards#measure})
 * @param baselineProfile the training data's profile (and the {@code __prediction__} distribution)
 * @param featureRefs     feature-store features the model reads, as {@code view:feature}
 * @param provenance      how training ran ({@link TribuoModels#provenance})
 * @param featureRelevance feature name to how strongly it relates to the target ({@link FeatureRelevance#measure})
 * @param trainingSet     the feature-store read that made the training set ({@link FeatureStoreClient#trainingSet})
 */
public record VersionMetadata(String format, String sha256, Signature signature, Map<String, Double> metrics,
                              Map<String, Map<String, Double>> sliceMetrics, Map<String, Object> params,
                              DataCard dataCard, DatasetProfile baselineProfile, List<String> featureRefs,
                              JsonNode provenance, String description, String createdBy,
                              Map<String, Double> featureRelevance, TrainingSetSnapshot trainingSet) {

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder; every field is optional except {@code format}, which defaults to {@code tribuo}. */
    public static final class Builder {
        private String format = "tribuo";
        private String sha256;
        private final List<TensorSpec> inputs = new ArrayList<>();
        private final List<TensorSpec> outputs = new ArrayList<>();
        private final Map<String, Double> metrics = new LinkedHashMap<>();
        private final Map<String, Map<String, Double>> sliceMetrics = new LinkedHashMap<>();
        private final Map<String, Object> params = new LinkedHashMap<>();
        private DataCard dataCard;
        private DatasetProfile baselineProfile;
        private final List<String> featureRefs = new ArrayList<>();
        private JsonNode provenance;
        private String description;
        private String createdBy;
        private final Map<String, Double> featureRelevance = new LinkedHashMap<>();
        private TrainingSetSnapshot trainingSet;

        public Builder format(String format) {
            this.format = format;
            return this;
        }

        public Builder sha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        public Builder input(String name, String datatype) {
            inputs.add(new TensorSpec(name, datatype));
            return this;
        }

        /** Inputs from feature-store specs: FP64, INT64 and BOOL keep their type, STRING becomes BYTES. */
        public Builder inputs(List<FeatureSpec> features) {
            features.forEach(f -> inputs.add(new TensorSpec(f.name(), f.type().datatype())));
            return this;
        }

        public Builder output(String name, String datatype) {
            outputs.add(new TensorSpec(name, datatype));
            return this;
        }

        public Builder output(TensorSpec spec) {
            outputs.add(spec);
            return this;
        }

        public Builder metric(String name, double value) {
            metrics.put(name, value);
            return this;
        }

        public Builder sliceMetric(String slice, String name, double value) {
            sliceMetrics.computeIfAbsent(slice, s -> new LinkedHashMap<>()).put(name, value);
            return this;
        }

        public Builder param(String name, Object value) {
            params.put(name, value);
            return this;
        }

        public Builder params(Map<String, ?> values) {
            params.putAll(values);
            return this;
        }

        public Builder dataCard(DataCard card) {
            this.dataCard = card;
            return this;
        }

        public Builder baselineProfile(DatasetProfile profile) {
            this.baselineProfile = profile;
            return this;
        }

        public Builder featureRef(String ref) {
            featureRefs.add(ref);
            return this;
        }

        /** {@code view:feature} for each named feature. */
        public Builder featureRefs(String view, List<String> features) {
            features.forEach(f -> featureRefs.add(view + ":" + f));
            return this;
        }

        /** How strongly each input relates to the target, in [0, 1] ({@link FeatureRelevance#measure}). */
        public Builder featureRelevance(Map<String, Double> relevance) {
            featureRelevance.putAll(relevance);
            return this;
        }

        /** The training-set read the version was trained on ({@link FeatureStoreClient#trainingSet}). */
        public Builder trainingSet(TrainingSetSnapshot snapshot) {
            this.trainingSet = snapshot;
            return this;
        }

        public Builder provenance(JsonNode provenance) {
            this.provenance = provenance;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder createdBy(String createdBy) {
            this.createdBy = createdBy;
            return this;
        }

        public VersionMetadata build() {
            Signature signature = inputs.isEmpty() && outputs.isEmpty() ? null
                    : new Signature(List.copyOf(inputs), List.copyOf(outputs));
            return new VersionMetadata(format, sha256, signature, new LinkedHashMap<>(metrics), copy(sliceMetrics),
                    new LinkedHashMap<>(params), dataCard, baselineProfile, List.copyOf(featureRefs), provenance,
                    description, createdBy, featureRelevance.isEmpty() ? null : new LinkedHashMap<>(featureRelevance),
                    trainingSet);
        }

        private static Map<String, Map<String, Double>> copy(Map<String, Map<String, Double>> in) {
            Map<String, Map<String, Double>> out = new LinkedHashMap<>();
            in.forEach((k, v) -> out.put(k, new LinkedHashMap<>(v)));
            return out;
        }
    }
}
