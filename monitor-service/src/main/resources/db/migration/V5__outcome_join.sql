-- Business value (issue 11): which side of the route answered each request (OutcomeJoin), and the outcomes
-- that came back for them. A KPI is computed by joining the two on (model, request_id) when it is asked for,
-- so a restart loses nothing and an outcome that came before its prediction still joins.
-- side: 'model' (champion or canary challenger) or 'holdout' (the fallback policy answered).
CREATE TABLE outcome_prediction (
    model         VARCHAR(128) NOT NULL,
    request_id    TEXT         NOT NULL,
    side          VARCHAR(8)   NOT NULL,
    predicted_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (model, request_id),
    CONSTRAINT outcome_prediction_side CHECK (side IN ('model', 'holdout'))
);
CREATE INDEX outcome_prediction_predicted ON outcome_prediction (predicted_at);

-- The first outcome of a request wins. An outcome that has met no prediction after
-- rtml.monitor.outcomes.unknown-after is counted (rtml_monitor_outcomes_unjoined_total) and deleted.
CREATE TABLE outcome (
    model        VARCHAR(128)     NOT NULL,
    request_id   TEXT             NOT NULL,
    opened       BOOLEAN,
    clicked      BOOLEAN,
    revenue      DOUBLE PRECISION,
    occurred_at  TIMESTAMPTZ      NOT NULL,
    received_at  TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (model, request_id)
);
CREATE INDEX outcome_received ON outcome (received_at);
