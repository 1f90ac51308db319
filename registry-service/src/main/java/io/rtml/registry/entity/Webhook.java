package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A subscriber to lifecycle events: where deliveries go, which event types, and the key they are signed with. */
@Entity
@Table(name = "webhook")
public class Webhook {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String url;

    /** JSON array of event wire names, or {@code ["*"]}. */
    @Column(nullable = false)
    public String events;

    /** The HMAC-SHA256 key; never on the wire. */
    @Column(nullable = false)
    public String secret;

    public String description;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
