package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** One feature-store feature a version reads, with the type the store declared at registration. */
@Entity
@Table(name = "version_feature")
@IdClass(VersionFeature.Key.class)
public class VersionFeature {

    @Id
    @Column(name = "version_id")
    public Long versionId;

    @Id
    @Column(name = "view_name")
    public String viewName;

    @Id
    public String feature;

    @Column(name = "feature_type", nullable = false)
    public String featureType;

    /** Composite primary key. */
    public static class Key implements Serializable {
        public Long versionId;
        public String viewName;
        public String feature;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(versionId, k.versionId) && Objects.equals(viewName, k.viewName)
                    && Objects.equals(feature, k.feature);
        }

        @Override
        public int hashCode() {
            return Objects.hash(versionId, viewName, feature);
        }
    }
}
