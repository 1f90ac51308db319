-- Model versions the monitor has seen, with the baseline fetched from the registry, so a restart
-- needs neither the registry nor a new prediction to report on history.
CREATE TABLE monitored_version (
    id                BIGSERIAL PRIMARY KEY,
    model             VARCHAR(128) NOT NULL,
    version           INT          NOT NULL,
    -- ready: baseline_profile holds it; none: the registry version has no baseline; pending: not fetched yet
    baseline_status   VARCHAR(16)  NOT NULL,
    baseline_profile  TEXT,
    predictions       BIGINT       NOT NULL DEFAULT 0,
    first_seen        TIMESTAMPTZ  NOT NULL,
    last_seen         TIMESTAMPTZ  NOT NULL,
    UNIQUE (model, version)
);

-- One tumbling time bucket (by prediction time) of one model version: the live profile folded into
-- an empty copy of the baseline, plus the counts the quality and performance reports need.
CREATE TABLE window_bucket (
    id            BIGSERIAL PRIMARY KEY,
    model         VARCHAR(128) NOT NULL,
    version       INT          NOT NULL,
    bucket_start  TIMESTAMPTZ  NOT NULL,
    predictions   BIGINT       NOT NULL DEFAULT 0,
    labelled      BIGINT       NOT NULL DEFAULT 0,
    correct       BIGINT       NOT NULL DEFAULT 0,
    -- DatasetProfile JSON; null while the version's baseline is unknown
    profile       TEXT,
    -- {"feature": values outside the baseline [min, max]}
    out_of_range  TEXT         NOT NULL DEFAULT '{}',
    -- {"predicted class": count}
    class_counts  TEXT         NOT NULL DEFAULT '{}',
    UNIQUE (model, version, bucket_start)
);
