-- Entities, feature views, and the two stores of feature values: online (latest per entity) and history.

CREATE TABLE entity (
    name        VARCHAR(128) PRIMARY KEY,
    description TEXT,
    created_at  TIMESTAMPTZ  NOT NULL
);

CREATE TABLE feature_view (
    id           BIGSERIAL PRIMARY KEY,
    name         VARCHAR(128) NOT NULL UNIQUE,
    entity_name  VARCHAR(128) NOT NULL REFERENCES entity (name),
    ttl_seconds  BIGINT,
    description  TEXT,
    -- JSON array of {"name": ..., "type": FP64|INT64|STRING|BOOL}, in declaration order. Views are immutable.
    features     TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL
);

-- Online store: one row per (view, entity key). vals maps feature -> {"v": value, "t": event time}, so
-- every feature keeps its own event time and an out-of-order older event never replaces a newer value.
-- event_time is the newest of those times (freshness).
CREATE TABLE feature_online (
    view_id     BIGINT       NOT NULL REFERENCES feature_view (id),
    entity_key  VARCHAR(256) NOT NULL,
    event_time  TIMESTAMPTZ  NOT NULL,
    vals        JSONB        NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (view_id, entity_key)
);
CREATE INDEX feature_online_freshness ON feature_online (view_id, event_time DESC);

-- History: append-only, one row per ingested row as it arrived (vals maps feature -> value).
CREATE TABLE feature_history (
    id          BIGSERIAL PRIMARY KEY,
    view_id     BIGINT       NOT NULL REFERENCES feature_view (id),
    entity_key  VARCHAR(256) NOT NULL,
    event_time  TIMESTAMPTZ  NOT NULL,
    vals        JSONB        NOT NULL,
    ingested_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX feature_history_point_in_time ON feature_history (view_id, entity_key, event_time DESC, id DESC);
