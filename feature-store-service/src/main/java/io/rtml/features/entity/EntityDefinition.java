package io.rtml.features.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A kind of thing features describe (a recipient, an account); its key names rows of feature views. */
@Entity
@Table(name = "entity")
public class EntityDefinition {

    @Id
    public String name;

    public String description;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
