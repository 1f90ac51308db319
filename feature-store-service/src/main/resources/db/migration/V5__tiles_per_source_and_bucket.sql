-- Tiles per (view, source feature, bucket size, entity key, bucket) instead of per aggregation: a tile holds
-- count, sum, min, max and last, which serve every function, so all aggregations over one source whose windows
-- share a bucket size read one series (20 aggregations over 3 sources: 8 series instead of 20 tiles per bucket).
-- The tiles are derived data: they are removed here and rebuilt from the aggregation event log (which holds
-- every event once and is left as it is) by TileRebuild at the next start, one view at a time.
DELETE FROM feature_tile;
ALTER TABLE feature_tile DROP CONSTRAINT feature_tile_pkey;
ALTER TABLE feature_tile DROP COLUMN aggregation;
ALTER TABLE feature_tile ADD COLUMN feature VARCHAR(128) NOT NULL;
ALTER TABLE feature_tile ADD COLUMN bucket_seconds INTEGER NOT NULL;
ALTER TABLE feature_tile ADD PRIMARY KEY (view_id, feature, bucket_seconds, entity_key, bucket);
INSERT INTO feature_tile_rebuild (view_id) SELECT id FROM feature_view WHERE aggregations IS NOT NULL
ON CONFLICT DO NOTHING;
