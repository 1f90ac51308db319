package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One lifecycle event on its way to one webhook: the signed body, its state and when it is next tried. */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery {

    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** What the receiver sees (header {@code X-Rtml-Delivery}) and deduplicates on. */
    @Column(name = "delivery_id", nullable = false)
    public UUID deliveryId;

    @Column(name = "webhook_id", nullable = false)
    public Long webhookId;

    @Column(name = "event_id", nullable = false)
    public Long eventId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "model_name", nullable = false)
    public String modelName;

    @Column(nullable = false)
    public int version;

    /** The exact bytes sent (UTF-8 JSON), fixed when the delivery was created. */
    @Column(nullable = false)
    public String body;

    /** {@link #PENDING}, {@link #SUCCEEDED} or {@link #FAILED} (attempts exhausted). */
    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_status_code")
    public Integer lastStatusCode;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;
}
