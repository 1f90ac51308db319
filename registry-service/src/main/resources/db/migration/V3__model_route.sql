-- Champion/challenger routing, kept here so every inference replica applies the same split.
-- One row per model once a route was set; no row reads as mode 'off'.
CREATE TABLE model_route (
    model_id    BIGINT       PRIMARY KEY REFERENCES model (id),
    -- The challenger's version number, resolved when the route was set; null while the route is off.
    challenger  INT,
    mode        VARCHAR(8)   NOT NULL,
    percent     INT          NOT NULL,
    sticky_by   VARCHAR(8)   NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL,
    updated_by  VARCHAR(128) NOT NULL,
    CONSTRAINT model_route_mode CHECK (mode IN ('off', 'shadow', 'canary')),
    CONSTRAINT model_route_sticky_by CHECK (sticky_by IN ('entity', 'tenant')),
    CONSTRAINT model_route_percent CHECK (percent BETWEEN 0 AND 100),
    CONSTRAINT model_route_challenger CHECK ((mode = 'off') = (challenger IS NULL))
);
