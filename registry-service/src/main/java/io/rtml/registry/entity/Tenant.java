package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A client account of the email platform; it subscribes to a bundle of models. */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    public String industry;

    /** standard or premium. */
    @Column(nullable = false)
    public String tier;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
