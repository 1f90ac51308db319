package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Model bytes, addressed by their sha256. */
@Entity
@Table(name = "artifact")
public class Artifact {

    @Id
    public String sha256;

    @Column(nullable = false)
    public byte[] content;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
