-- Models, their immutable versions, content-addressed artifacts, aliases and the lifecycle log.

CREATE TABLE model (
    id              BIGSERIAL PRIMARY KEY,
    name            VARCHAR(128) NOT NULL UNIQUE,
    description     TEXT,
    industry        VARCHAR(64),
    ingestion_mode  VARCHAR(16)  NOT NULL DEFAULT 'streaming',
    tags            TEXT         NOT NULL DEFAULT '[]',
    owner           VARCHAR(128),
    created_at      TIMESTAMPTZ  NOT NULL
);

-- One row per distinct artifact: two versions with the same bytes share it.
CREATE TABLE artifact (
    sha256      VARCHAR(64) PRIMARY KEY,
    content     BYTEA       NOT NULL,
    size_bytes  BIGINT      NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE model_version (
    id               BIGSERIAL PRIMARY KEY,
    model_id         BIGINT      NOT NULL REFERENCES model (id),
    version          INT         NOT NULL,
    format           VARCHAR(16) NOT NULL,
    artifact_sha256  VARCHAR(64)    NOT NULL REFERENCES artifact (sha256),
    signature        TEXT        NOT NULL,
    metrics          TEXT        NOT NULL DEFAULT '{}',
    slice_metrics    TEXT        NOT NULL DEFAULT '{}',
    params           TEXT        NOT NULL DEFAULT '{}',
    data_card        TEXT,
    baseline_profile TEXT,
    feature_refs     TEXT        NOT NULL DEFAULT '[]',
    provenance       TEXT,
    description      TEXT,
    created_by       VARCHAR(128),
    created_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (model_id, version)
);

CREATE TABLE model_alias (
    model_id    BIGINT      NOT NULL REFERENCES model (id),
    alias       VARCHAR(32) NOT NULL,
    version     INT         NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (model_id, alias)
);

-- Audit log and transactional outbox in one: each row is relayed to rtml.model-lifecycle once.
CREATE TABLE lifecycle_event (
    id            BIGSERIAL PRIMARY KEY,
    model_name    VARCHAR(128) NOT NULL,
    type          VARCHAR(16)  NOT NULL,
    version       INT          NOT NULL,
    alias         VARCHAR(32),
    sha256        VARCHAR(64),
    actor         VARCHAR(128) NOT NULL,
    details       TEXT,
    created_at    TIMESTAMPTZ  NOT NULL,
    published_at  TIMESTAMPTZ
);
CREATE INDEX lifecycle_event_model ON lifecycle_event (model_name, id);
CREATE INDEX lifecycle_event_unpublished ON lifecycle_event (id) WHERE published_at IS NULL;
