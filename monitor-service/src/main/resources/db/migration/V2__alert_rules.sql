-- Alert rules: a metric of a model's newest version over a sliding window, compared with a threshold.
CREATE TABLE alert_rule (
    id             BIGSERIAL PRIMARY KEY,
    name           VARCHAR(128)     NOT NULL UNIQUE,
    model          VARCHAR(128)     NOT NULL,
    -- feature_psi | prediction_psi | live_accuracy | completeness | prediction_volume
    metric         VARCHAR(32)      NOT NULL,
    -- only for feature_psi and completeness
    feature        VARCHAR(256),
    -- gt | lt
    operator       VARCHAR(2)       NOT NULL,
    threshold      DOUBLE PRECISION NOT NULL,
    -- ISO-8601 durations as the caller wrote them, e.g. PT5M
    window_length  VARCHAR(32)      NOT NULL,
    cooldown       VARCHAR(32)      NOT NULL,
    -- warning | critical
    severity       VARCHAR(16)      NOT NULL,
    -- none | rollback
    action         VARCHAR(16)      NOT NULL,
    created_at     TIMESTAMPTZ      NOT NULL,
    -- the rule does not fire again before last_fired_at + cooldown
    last_fired_at  TIMESTAMPTZ
);

-- Every time a rule fired, with what the action did. Kept when the rule is deleted.
CREATE TABLE alert (
    id             BIGSERIAL PRIMARY KEY,
    rule           VARCHAR(128)     NOT NULL,
    model          VARCHAR(128)     NOT NULL,
    version        INT              NOT NULL,
    metric         VARCHAR(32)      NOT NULL,
    feature        VARCHAR(256),
    operator       VARCHAR(2)       NOT NULL,
    severity       VARCHAR(16)      NOT NULL,
    value          DOUBLE PRECISION NOT NULL,
    threshold      DOUBLE PRECISION NOT NULL,
    window_length  VARCHAR(32)      NOT NULL,
    action         VARCHAR(16)      NOT NULL,
    -- none | succeeded | failed | pending
    action_status  VARCHAR(16)      NOT NULL,
    -- what the registry answered (status and body), or why the call failed
    action_result  TEXT,
    -- whether the AlertEvent reached rtml.alerts
    published      BOOLEAN          NOT NULL DEFAULT FALSE,
    fired_at       TIMESTAMPTZ      NOT NULL
);
CREATE INDEX alert_model_fired ON alert (model, fired_at DESC);
CREATE INDEX alert_fired ON alert (fired_at DESC);
