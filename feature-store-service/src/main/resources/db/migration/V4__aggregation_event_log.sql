-- The aggregation event log: every distinct value written for a feature that a window aggregation reads, once.
-- (view, feature, entity key, event time, value) is the event's identity: writing the same event again (a
-- replayed stream, a second load of the same file) adds nothing, so it is counted once online and historically.
-- Reads combine whole tiles with these raw events for the parts of a window that tiles cannot answer exactly:
-- the partial buckets at both ends, and buckets changed after the time a historical read asks about.
CREATE TABLE feature_event (
    id           BIGSERIAL PRIMARY KEY,
    view_id      BIGINT       NOT NULL REFERENCES feature_view (id),
    feature      VARCHAR(128) NOT NULL,
    entity_key   VARCHAR(256) NOT NULL,
    event_time   TIMESTAMPTZ  NOT NULL,
    value        JSONB        NOT NULL,
    ingested_at  TIMESTAMPTZ  NOT NULL
);
-- The identity, and the index every raw read walks (view, feature, entity, event time range). md5 keeps long
-- STRING values within the index's row size.
CREATE UNIQUE INDEX feature_event_identity ON feature_event (view_id, feature, entity_key, event_time, md5(value::text));
-- Retention removes events by event time.
CREATE INDEX feature_event_retention ON feature_event (view_id, event_time);

-- Existing history of views with aggregations moves into the log, each distinct event once.
INSERT INTO feature_event (view_id, feature, entity_key, event_time, value, ingested_at)
SELECT h.view_id, s.source, h.entity_key, h.event_time, h.vals -> s.source, h.ingested_at
FROM feature_history h
JOIN (SELECT DISTINCT v.id, a ->> 'source' AS source
      FROM feature_view v CROSS JOIN jsonb_array_elements(v.aggregations::jsonb) a
      WHERE v.aggregations IS NOT NULL) s ON s.id = h.view_id
WHERE jsonb_typeof(h.vals -> s.source) IS DISTINCT FROM 'null' AND h.vals ? s.source
ORDER BY h.id
ON CONFLICT DO NOTHING;

-- Tiles written before this migration may count a re-ingested event twice: they are rebuilt from the log at
-- the next start (TileRebuild), one view at a time.
DELETE FROM feature_tile;
CREATE TABLE feature_tile_rebuild (
    view_id BIGINT PRIMARY KEY REFERENCES feature_view (id)
);
INSERT INTO feature_tile_rebuild (view_id) SELECT id FROM feature_view WHERE aggregations IS NOT NULL;

-- A tile's ingested_at is now the newest ingestion time of what it holds (historical reads as of known time
-- skip a tile changed after their timestamp). Events count whatever their lateness: the per-view setting goes.
ALTER TABLE feature_view DROP COLUMN allowed_lateness_seconds;
