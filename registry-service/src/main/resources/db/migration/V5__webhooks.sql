-- Webhooks: subscribers to lifecycle events, and every delivery with each attempt and its outcome.

CREATE TABLE webhook (
    id          BIGSERIAL     PRIMARY KEY,
    url         VARCHAR(2048) NOT NULL,
    -- JSON array of lifecycle event types (wire names), or ["*"] for every type.
    events      TEXT          NOT NULL,
    -- The HMAC key deliveries are signed with; never returned by the API.
    secret      VARCHAR(256)  NOT NULL,
    description VARCHAR(2000),
    created_by  VARCHAR(128)  NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL
);

-- One row per (webhook, lifecycle event), written in the transaction of the change itself (so a
-- committed change always has its deliveries), sent later by the dispatcher. The body is fixed at
-- enqueue time: every retry sends the same bytes with the same signature.
CREATE TABLE webhook_delivery (
    id               BIGSERIAL    PRIMARY KEY,
    delivery_id      UUID         NOT NULL UNIQUE,
    webhook_id       BIGINT       NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    event_id         BIGINT       NOT NULL REFERENCES lifecycle_event (id),
    event_type       VARCHAR(16)  NOT NULL,
    model_name       VARCHAR(128) NOT NULL,
    version          INT          NOT NULL,
    body             TEXT         NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    attempts         INT          NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ  NOT NULL,
    last_status_code INT,
    last_error       VARCHAR(2000),
    created_at       TIMESTAMPTZ  NOT NULL,
    delivered_at     TIMESTAMPTZ,
    CONSTRAINT webhook_delivery_status CHECK (status IN ('pending', 'succeeded', 'failed')),
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_history ON webhook_delivery (webhook_id, id);

CREATE TABLE webhook_attempt (
    id           BIGSERIAL     PRIMARY KEY,
    delivery_id  BIGINT        NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempt      INT           NOT NULL,
    started_at   TIMESTAMPTZ   NOT NULL,
    duration_ms  BIGINT        NOT NULL,
    status_code  INT,
    error        VARCHAR(2000),
    UNIQUE (delivery_id, attempt)
);
