-- Streaming window aggregations: their declarations on the view, and tiles (partial aggregates per entity,
-- aggregation and fixed time bucket) that online and historical reads combine.
ALTER TABLE feature_view ADD COLUMN aggregations TEXT;
-- How late an event may arrive and still update the view's aggregations (null: the service's default).
ALTER TABLE feature_view ADD COLUMN allowed_lateness_seconds BIGINT;

-- One row per (view, aggregation, entity key, bucket start). cnt/sum/min/max over the non-null values of the
-- source feature that fell in the bucket; last_value/last_time the value with the newest event time (and
-- that time, which is also the newest event in the tile); sketch a serialized DataSketches HLL sketch of the
-- values (distinct_count aggregations only); ingested_at when the tile was last changed.
CREATE TABLE feature_tile (
    view_id      BIGINT       NOT NULL REFERENCES feature_view (id),
    aggregation  VARCHAR(64)  NOT NULL,
    entity_key   VARCHAR(256) NOT NULL,
    bucket       TIMESTAMPTZ  NOT NULL,
    cnt          BIGINT       NOT NULL,
    sum          DOUBLE PRECISION,
    min          DOUBLE PRECISION,
    max          DOUBLE PRECISION,
    last_value   JSONB,
    last_time    TIMESTAMPTZ  NOT NULL,
    sketch       BYTEA,
    ingested_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (view_id, aggregation, entity_key, bucket)
);
-- Retention removes tiles by bucket.
CREATE INDEX feature_tile_retention ON feature_tile (view_id, bucket);
