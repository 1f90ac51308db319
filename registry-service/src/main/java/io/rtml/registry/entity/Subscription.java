package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A tenant's subscription to a model: which alias of the model it follows. */
@Entity
@Table(name = "subscription")
@IdClass(Subscription.Key.class)
public class Subscription {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    @Column(name = "model_id")
    public Long modelId;

    @Column(nullable = false)
    public String alias;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Composite primary key. */
    public static class Key implements Serializable {
        public String tenantId;
        public Long modelId;

        public Key() {
        }

        public Key(String tenantId, Long modelId) {
            this.tenantId = tenantId;
            this.modelId = modelId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(modelId, k.modelId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, modelId);
        }
    }
}
