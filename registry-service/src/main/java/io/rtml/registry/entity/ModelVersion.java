package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An immutable version of a model. JSON-valued columns hold the documents as registered. */
@Entity
@Table(name = "model_version")
public class ModelVersion {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "model_id", nullable = false)
    public Long modelId;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false)
    public String format;

    @Column(name = "artifact_sha256", nullable = false)
    public String artifactSha256;

    @Column(nullable = false)
    public String signature;

    @Column(nullable = false)
    public String metrics;

    @Column(name = "slice_metrics", nullable = false)
    public String sliceMetrics;

    @Column(nullable = false)
    public String params;

    @Column(name = "data_card")
    public String dataCard;

    @Column(name = "baseline_profile")
    public String baselineProfile;

    @Column(name = "feature_refs", nullable = false)
    public String featureRefs;

    public String provenance;

    public String description;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Feature name to its relevance to the target at training time, JSON; null when none was registered. */
    @Column(name = "feature_relevance")
    public String featureRelevance;

    /** The historical-features request the training set came from ({@code TrainingSetSnapshot}), JSON. */
    @Column(name = "training_set")
    public String trainingSet;

    /** The snapshot's entity-rows digest, indexed: versions trained on the same rows. */
    @Column(name = "training_rows_digest")
    public String trainingRowsDigest;

    /** When the version was archived; null while it is active. */
    @Column(name = "archived_at")
    public Instant archivedAt;
}
