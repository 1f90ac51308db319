package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A model as a product: its name and catalogue facts. Versions hang off it. */
@Entity
@Table(name = "model")
public class Model {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    public String description;

    public String industry;

    @Column(name = "ingestion_mode", nullable = false)
    public String ingestionMode;

    /** JSON array of strings. */
    @Column(nullable = false)
    public String tags;

    public String owner;

    /** JSON of {@code io.rtml.contracts.kpi.Kpi}; null when no KPI is declared. */
    public String kpi;

    /** JSON of {@code io.rtml.contracts.inference.FallbackPolicy}; null when none is declared. */
    public String fallback;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
