-- Per-bucket state for issue 8: the predictions' confidence histogram (accuracy estimated before labels)
-- and the input quality counters (type mismatches, text lengths, constant inputs, duplicates).
-- Nullable: rows written before this migration read as empty. (V5 is left to the outcomes work.)
ALTER TABLE window_bucket ADD COLUMN confidence TEXT;
ALTER TABLE window_bucket ADD COLUMN input_quality TEXT;
