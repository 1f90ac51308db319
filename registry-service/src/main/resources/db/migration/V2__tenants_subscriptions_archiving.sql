-- Tenants (the ESP's client accounts), the models each subscribes to, and archived versions.

-- An archived version stays readable (and its artifact downloadable) but no alias may point at it.
ALTER TABLE model_version ADD COLUMN archived_at TIMESTAMPTZ;

CREATE TABLE tenant (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(256) NOT NULL,
    industry    VARCHAR(64),
    tier        VARCHAR(16)  NOT NULL DEFAULT 'standard',
    created_at  TIMESTAMPTZ  NOT NULL
);

-- A tenant follows one alias of each model it subscribes to; the alias resolves to a version at read time.
CREATE TABLE subscription (
    tenant_id   VARCHAR(64) NOT NULL REFERENCES tenant (id),
    model_id    BIGINT      NOT NULL REFERENCES model (id),
    alias       VARCHAR(32) NOT NULL DEFAULT 'champion',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, model_id)
);
-- Subscribers of a model, paged in tenant order.
CREATE INDEX subscription_model ON subscription (model_id, tenant_id);
