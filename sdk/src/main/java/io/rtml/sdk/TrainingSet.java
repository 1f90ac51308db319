package io.rtml.sdk;

import io.rtml.contracts.lineage.TrainingSetSnapshot;

import java.util.List;

/**
 * A training set read from the feature store, and the record of the read that made it: register the
 * snapshot with the version ({@link VersionMetadata.Builder#trainingSet}) so the registry can say which
 * rows, as of when, the version was trained on.
 */
public record TrainingSet(List<FeatureResult> results, TrainingSetSnapshot snapshot) {
}
