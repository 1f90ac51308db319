-- feature_drift rules: the false-alarm budget (turned into the per-window alpha) and the PSI a
-- significant shift needs to count as drift. Rules of other metrics keep the defaults and ignore them.
ALTER TABLE alert_rule
    ADD COLUMN false_alarms_per_30_days DOUBLE PRECISION NOT NULL DEFAULT 1
        CHECK (false_alarms_per_30_days > 0),
    ADD COLUMN min_effect_size DOUBLE PRECISION NOT NULL DEFAULT 0
        CHECK (min_effect_size >= 0);
