package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One try of a delivery: when, how long, and what the receiver answered (or why there was no answer). */
@Entity
@Table(name = "webhook_attempt")
public class WebhookAttempt {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The {@link WebhookDelivery#id} (the row, not the UUID). */
    @Column(name = "delivery_id", nullable = false)
    public Long deliveryId;

    @Column(nullable = false)
    public int attempt;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;

    /** The HTTP status, null when no answer came (refused, timed out). */
    @Column(name = "status_code")
    public Integer statusCode;

    public String error;
}
