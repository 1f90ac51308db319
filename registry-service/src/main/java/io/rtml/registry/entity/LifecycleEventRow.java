package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One line of a model's audit log, and the outbox row its Kafka event is relayed from. */
@Entity
@Table(name = "lifecycle_event")
public class LifecycleEventRow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "model_name", nullable = false)
    public String modelName;

    /** The kebab-case type of DESIGN.md: registered, alias-set, ... */
    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public int version;

    public String alias;

    public String sha256;

    @Column(nullable = false)
    public String actor;

    /** JSON: e.g. the gate report of an alias-set, the previous version of a rollback. */
    public String details;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;
}
