-- Business value (issue 11): a model's declared KPI and fallback policy, as JSON text of the contracts
-- records io.rtml.contracts.kpi.Kpi and io.rtml.contracts.inference.FallbackPolicy (null: none declared),
-- and the route's holdout share answered by that fallback instead of any model.
ALTER TABLE model ADD COLUMN kpi TEXT;
ALTER TABLE model ADD COLUMN fallback TEXT;
ALTER TABLE model_route ADD COLUMN holdout_percent INT NOT NULL DEFAULT 0;
ALTER TABLE model_route ADD CONSTRAINT model_route_holdout_percent CHECK (holdout_percent BETWEEN 0 AND 100);
-- The canary takes the bottom buckets and the holdout the top ones; together they fit in the hundred.
ALTER TABLE model_route ADD CONSTRAINT model_route_shares CHECK (holdout_percent + CASE WHEN mode = 'canary' THEN percent ELSE 0 END <= 100);
