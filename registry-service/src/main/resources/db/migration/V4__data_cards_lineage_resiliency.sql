-- Data cards as typed facts the catalogue filters by, the features each version reads (lineage both
-- ways), the training-set snapshot and feature relevance each version was registered with, and the
-- feature store's freshness per view as the resiliency score last read it.

-- One row per version that was registered with a data card. Shares are in [0, 1] (checked at
-- registration); null where the card left the fact out.
CREATE TABLE version_data_card (
    version_id                 BIGINT PRIMARY KEY REFERENCES model_version (id),
    third_party_share          DOUBLE PRECISION,
    completeness               DOUBLE PRECISION,
    augmented_share            DOUBLE PRECISION,
    -- The newest training record: the data age at time t is t - newest_record.
    newest_record              TIMESTAMPTZ,
    modality_numeric           DOUBLE PRECISION,
    modality_categorical       DOUBLE PRECISION,
    modality_text              DOUBLE PRECISION,
    modality_image             DOUBLE PRECISION,
    modality_audio             DOUBLE PRECISION,
    modality_video             DOUBLE PRECISION,
    modality_time_series       DOUBLE PRECISION,
    labelling_human            DOUBLE PRECISION,
    labelling_semi_supervised  DOUBLE PRECISION,
    labelling_third_party      DOUBLE PRECISION,
    labelling_observed         DOUBLE PRECISION
);
CREATE INDEX version_data_card_third_party ON version_data_card (third_party_share);
CREATE INDEX version_data_card_completeness ON version_data_card (completeness);
CREATE INDEX version_data_card_augmented ON version_data_card (augmented_share);
CREATE INDEX version_data_card_newest ON version_data_card (newest_record);

-- Which feature-store features a version reads (its featureRefs), with the type the feature store
-- declared when the version was registered: a view lists the versions that read it from here.
CREATE TABLE version_feature (
    version_id    BIGINT       NOT NULL REFERENCES model_version (id),
    view_name     VARCHAR(128) NOT NULL,
    feature       VARCHAR(128) NOT NULL,
    feature_type  VARCHAR(16)  NOT NULL,
    PRIMARY KEY (version_id, view_name, feature)
);
CREATE INDEX version_feature_view ON version_feature (view_name, version_id);

-- JSON documents: feature name -> relevance in [0, 1]; the historical-features request (TrainingSetSnapshot).
ALTER TABLE model_version ADD COLUMN feature_relevance TEXT;
ALTER TABLE model_version ADD COLUMN training_set TEXT;
ALTER TABLE model_version ADD COLUMN training_rows_digest VARCHAR(64);
CREATE INDEX model_version_training_rows_digest ON model_version (training_rows_digest);

-- The feature store's freshness of each view some version reads, as last asked: the score's feature
-- age at time t is t - latest_event_time. checked_at: the last answer; failed_at: the last attempt that
-- got none (null once one succeeds again).
CREATE TABLE feature_view_freshness (
    view_name          VARCHAR(128) PRIMARY KEY,
    latest_event_time  TIMESTAMPTZ,
    checked_at         TIMESTAMPTZ,
    failed_at          TIMESTAMPTZ,
    failure            TEXT
);
