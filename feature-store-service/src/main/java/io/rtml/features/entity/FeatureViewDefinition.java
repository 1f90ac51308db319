package io.rtml.features.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A named group of typed features about one entity, with a time to live. Immutable once created. */
@Entity
@Table(name = "feature_view")
public class FeatureViewDefinition {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    @Column(name = "entity_name", nullable = false)
    public String entityName;

    /** Null: values never expire. */
    @Column(name = "ttl_seconds")
    public Long ttlSeconds;

    /** Null: history is kept for ever. Else history older than this is removed by the retention job. */
    @Column(name = "retention_seconds")
    public Long retentionSeconds;

    public String description;

    /** JSON array of {"name", "type"} in declaration order. */
    @Column(nullable = false)
    public String features;

    /** JSON array of {"name", "function", "source", "window"}; null when the view declares no aggregations. */
    public String aggregations;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
