package io.rtml.monitor.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A model version the monitor has seen predictions of, and its baseline. */
@Entity
@Table(name = "monitored_version")
public class MonitoredVersion {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String model;

    @Column(nullable = false)
    public int version;

    /** {@code ready}, {@code none} or {@code pending}. */
    @Column(name = "baseline_status", nullable = false)
    public String baselineStatus;

    /** DatasetProfile JSON. */
    @Column(name = "baseline_profile")
    public String baselineProfile;

    @Column(nullable = false)
    public long predictions;

    @Column(name = "first_seen", nullable = false)
    public Instant firstSeen;

    @Column(name = "last_seen", nullable = false)
    public Instant lastSeen;
}
