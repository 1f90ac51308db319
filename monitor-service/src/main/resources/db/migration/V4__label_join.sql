-- The durable label join (LabelJoin): predictions waiting for their label, kept for
-- rtml.monitor.labels.prediction-ttl after they were received; a joined prediction's row is deleted
-- in the transaction that writes its outcome into its bucket.
CREATE TABLE label_join_prediction (
    model         VARCHAR(128) NOT NULL,
    request_id    TEXT         NOT NULL,
    version       INT          NOT NULL,
    output        TEXT         NOT NULL,
    predicted_at  TIMESTAMPTZ  NOT NULL,
    received_at   TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (model, request_id, version)
);
CREATE INDEX label_join_prediction_received ON label_join_prediction (received_at);

-- Labels, kept for rtml.monitor.labels.early-label-ttl for predictions that come after them; the
-- first label of a request wins. joined: it met at least one prediction.
CREATE TABLE label_join_label (
    model        VARCHAR(128) NOT NULL,
    request_id   TEXT         NOT NULL,
    label        TEXT         NOT NULL,
    received_at  TIMESTAMPTZ  NOT NULL,
    joined       BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (model, request_id)
);
CREATE INDEX label_join_label_received ON label_join_label (received_at);
