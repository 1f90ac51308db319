package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A model's champion/challenger route as stored; {@code io.rtml.contracts.inference.RoutePolicy} is
 * what goes on the wire. {@code mode} and {@code stickyBy} hold the policy's wire names.
 */
@Entity
@Table(name = "model_route")
public class ModelRoute {

    @Id
    @Column(name = "model_id")
    public Long modelId;

    /** The challenger's version; null while the route is off. */
    public Integer challenger;

    @Column(nullable = false)
    public String mode;

    @Column(nullable = false)
    public int percent;

    /** Share of sticky keys answered by the model's fallback policy (the KPI holdout), 0-100. */
    @Column(name = "holdout_percent", nullable = false)
    public int holdoutPercent;

    @Column(name = "sticky_by", nullable = false)
    public String stickyBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
