package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A movable name (champion, challenger, ...) pointing at one version of a model. */
@Entity
@Table(name = "model_alias")
@IdClass(ModelAlias.Key.class)
public class ModelAlias {

    @Id
    @Column(name = "model_id")
    public Long modelId;

    @Id
    public String alias;

    @Column(nullable = false)
    public int version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Composite primary key. */
    public static class Key implements Serializable {
        public Long modelId;
        public String alias;

        public Key() {
        }

        public Key(Long modelId, String alias) {
            this.modelId = modelId;
            this.alias = alias;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(modelId, k.modelId) && Objects.equals(alias, k.alias);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modelId, alias);
        }
    }
}
