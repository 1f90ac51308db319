-- Per-view retention of the history (null: kept for ever) and the index the batched deletes walk.
ALTER TABLE feature_view ADD COLUMN retention_seconds BIGINT;
CREATE INDEX feature_history_retention ON feature_history (view_id, event_time);
