package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A feature view's freshness as the registry last asked the feature store: the newest event time then,
 * when that answer came, and the last attempt that got none. The score ages it forward to the time it
 * is read, so a view that stops receiving data loses score even between two asks.
 */
@Entity
@Table(name = "feature_view_freshness")
public class FeatureViewFreshness {

    @Id
    @Column(name = "view_name")
    public String viewName;

    @Column(name = "latest_event_time")
    public Instant latestEventTime;

    @Column(name = "checked_at")
    public Instant checkedAt;

    @Column(name = "failed_at")
    public Instant failedAt;

    public String failure;
}
